"""The newsmill subcommands, one module per area; crawler/cli.py registers them."""
