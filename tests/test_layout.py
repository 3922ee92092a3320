"""The README's Layout describes the tree folder by folder, and the layers in pyproject.toml hold: a wrong import
breaks them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
APPLICATION = (
    "flows",
    "storage",
    "bot/entrypoints",
    "bot/jobs",
    "bot/slack",
    "bot/slack/listeners",
    "bot/web",
    "bot/services",
    "bot/outbound",
    "bot/outbound/blocks",
    "bot/core",
    "doubles",
)
FOLDER = re.compile(r"^- `([a-z_/]+)/`", re.M)


def _by_folder() -> dict[str, set[str]]:
    """Each top-level bullet of the Layout section (`- \\`bot/services/\\` — …`) and the file names it names."""
    text = (ROOT / "README.md").read_text()
    start = text.index("## Layout")
    section = text[start : text.index("\n## ", start + 1)]
    marks = list(FOLDER.finditer(section))
    return {
        m.group(1): set(re.findall(r"`([a-z0-9_]+\.(?:py|yaml|json|jsonl))`", section[m.end() : nxt]))
        for m, nxt in zip(marks, [n.start() for n in marks[1:]] + [len(section)], strict=True)
    }


def test_every_module_is_listed_under_its_own_folder() -> None:
    named = _by_folder()
    missing = [
        f"{folder}/{f.name}"
        for folder in APPLICATION
        for f in sorted((ROOT / folder).glob("*.py")) + sorted((ROOT / folder).glob("*.yaml"))
        if f.name != "__init__.py" and f.name not in named.get(folder, set())
    ]
    assert not missing, f"add these to the README's Layout section, under their folder's bullet: {missing}"
    strays = [
        f"{folder}/{name}"
        for folder, names in named.items()
        for name in names
        if not any((ROOT / folder / sub / name).exists() for sub in ("", "data"))
    ]
    assert not strays, f"the Layout section names files that are not in that folder: {strays}"
    loose = [f.name for f in (ROOT / "bot").glob("*.py") if f.name != "__init__.py"]
    assert not loose, f"every module of bot/ belongs in one of its layers' folders: {loose}"


def _lint_imports_in_a_copy(tmp_path: Path, wrong: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`lint-imports` over a copy of the tree with `wrong` (path → code) added: the contracts, not the code, decide."""
    for package in ("bot", "flows", "storage", "doubles", "tests", "bench"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for path, code in wrong.items():
        (tmp_path / path).write_text(code)
    lint = Path(sys.executable).with_name("lint-imports")
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    return subprocess.run([str(lint), "--no-cache"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("path", "code", "broken"),
    [
        ("bot/core/wrong.py", "from bot.services import rounds\n", "bot/ in layers"),
        ("bot/services/wrong.py", "from bot.slack import authz\n", "bot/ in layers"),
        ("bot/slack/wrong.py", "from bot.web import dashboard\n", "bot/ in layers"),
        ("bot/web/wrong.py", "from storage import rounds\n", "reach the database only through"),
        ("bot/slack/listeners/wrong.py", "from storage import rounds\n", "reach the database only through"),
        ("bot/core/wrong.py", "from doubles import fake_slack\n", "does not import the test doubles"),
        ("bench/wrong.py", "from tests import test_processes\n", "import nothing from tests/"),
        ("doubles/wrong.py", "from tests.conftest import slack\n", "import nothing from tests/"),
    ],
)
def test_a_wrong_import_breaks_the_layers(tmp_path: Path, path: str, code: str, broken: str) -> None:
    result = _lint_imports_in_a_copy(tmp_path, {path: code})
    assert result.returncode != 0, result.stdout
    out = " ".join(result.stdout.split())
    assert f"{broken}" in out and "BROKEN" in out, out
    module = path.removesuffix(".py").replace("/", ".")
    assert module in out, out


def test_the_tree_as_it_is_keeps_every_contract(tmp_path: Path) -> None:
    result = _lint_imports_in_a_copy(tmp_path, {})
    assert result.returncode == 0, result.stdout
    assert "BROKEN" not in result.stdout
