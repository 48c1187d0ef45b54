"""The pipeline a Scrapy user writes instead of newsmill: the peer `make bench` measures newsmill against."""
