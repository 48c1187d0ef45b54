"""The import contract of docs/architecture.md ([tool.importlinter] in pyproject.toml): one direction of
imports (crawler -> pipelines -> cleaners -> newsmill.records), cleaners without Scrapy or storage, records
without dependencies, no cycle inside a package. A new cycle or a reversed arrow fails here, naming it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contract_is_kept():
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    report = result.stdout[result.stdout.find("Contracts"):]
    assert result.returncode == 0, report + result.stderr
    assert "0 broken" in report and "4 kept" in report, report


def test_the_library_namespace_loads_no_crawler_and_no_storage():
    code = ("import sys, newsmill; newsmill.Article; newsmill.extract_article; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'scrapy', 'twisted', 'sqlite_utils', 'crawler', 'pipelines', 'redis'}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def _function_local_imports(package: str) -> list[str]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(fn):
                    if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").split(".")[0] in
                                                             ("crawler", "pipelines", "cleaners", "newsmill")):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_pipelines_and_cleaners_import_their_own_project_modules_at_the_top():
    """A function-local import of a project module hides an arrow from the reader; the only ones left
    are the lazy loads a comment explains (trafilatura, numpy, fingerprints in a migration, the date
    parser the crawl's process must not load with the cleaner registry)."""
    allowed = {"cleaners/__init__.py", "cleaners/context.py", "cleaners/fields/authors.py", "pipelines/schema.py",
               "cleaners/bylines.py"}
    extra = [f for f in _function_local_imports("pipelines") + _function_local_imports("cleaners")
             if f.split(":")[0] not in allowed]
    assert not extra, extra


def test_every_module_the_architecture_picture_names_exists():
    """docs/architecture.md's picture checked against the folders: a module it names was not renamed or
    removed (a new module need not be named at once; the picture lists each package's main ones)."""
    import re

    doc = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    picture = doc.split("```", 2)[1]
    boxes = re.split(r"┌─ (\w+)/", picture)[1:]
    missing = []
    for package, text in zip(boxes[::2], boxes[1::2], strict=True):
        for name in sorted(set(re.findall(r"\b([a-z_]+(?:/[a-z_]+)?\.py)\b", text))):
            path = ROOT / package / name
            if not path.exists() and not (ROOT / package / name.split("/")[0]).is_dir():
                missing.append(f"{package}/{name}")
        for folder in re.findall(r"\b([a-z_]+)/", text):
            if folder not in ("crawler", "pipelines", "cleaners", "newsmill", "docs") and not (ROOT / package / folder).is_dir():
                missing.append(f"{package}/{folder}/")
    assert len(boxes) == 8 and not missing, f"named in docs/architecture.md, not in the tree: {missing}"
