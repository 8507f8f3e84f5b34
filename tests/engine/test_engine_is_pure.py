"""Everything below the channels never imports Flask (channels are adapters).
The full layering is checked by import-linter (tests/test_layers.py)."""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"
PURE = sorted(
    [
        *(path for folder in ("engine", "content", "store", "stats", "i18n") for path in APP.joinpath(folder).rglob("*.py")),
        APP / "build.py",
        APP / "conversations.py",
    ]
)


@pytest.mark.parametrize("path", PURE, ids=lambda p: str(p.relative_to(APP)))
def test_no_flask_import(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
            if node.module == "app":
                names += [f"app.{alias.name}" for alias in node.names]
        for name in names:
            top = name.split(".")[0]
            assert top not in ("flask", "flask_babel", "werkzeug"), f"{path}: imports {name}"
            assert not name.startswith(("app.web", "app.cli")) and name != "app.create_app", (
                f"{path}: imports the web layer ({name})"
            )


def test_the_check_sees_a_flask_import(tmp_path):
    """Guard the guard: the same check flags a planted import."""
    planted = "from flask import Flask\n"
    tree = ast.parse(planted)
    found = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module == "flask"]
    assert found
