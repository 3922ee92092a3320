"""The README's Layout section describes every module of the tree, and nothing that is not there."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]
PACKAGES = ("flows", "storage", "bot", "bot/listeners", "bot/views", "bot/web", "tests")


def _section() -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index("## Layout")
    return text[start : text.index("\n## ", start + 1)]


def test_every_module_is_listed_in_the_readme_layout():
    section = _section()
    named = set(re.findall(r"`([a-z0-9_/]+\.(?:py|yaml))`", section))
    missing = []
    for package in PACKAGES[:-1]:  # every module of the application; of tests/, the helpers named must exist
        for f in sorted((ROOT / package).glob("*.py")) + sorted((ROOT / package).glob("*.yaml")):
            if f.name != "__init__.py" and f.name not in named:
                missing.append(f"{package}/{f.name}")
    assert not missing, f"add these to the README's Layout section: {missing}"
    every = {f.name for p in PACKAGES for f in (ROOT / p).iterdir()}
    assert not named - every, f"the Layout section names files that do not exist: {sorted(named - every)}"
