"""The apps depend in one direction only (docs/architecture.md): import-linter's contracts in
pyproject.toml, checked here so that `make test` fails when an import breaks them."""

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_apps_import_only_the_apps_below_them(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0
