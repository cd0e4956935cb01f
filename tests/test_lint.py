"""The code passes ruff: pycodestyle, pyflakes, import order and bugbear, lines of at most 130
characters, all configured in pyproject.toml, the one place for tool settings."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    proc = subprocess.run([ruff, "check", "kg", "tests", "benchmarks"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_tool_settings_are_in_pyproject_only():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    assert not [s for s in cfg.sections() if s.startswith("tool:") or s in ("flake8", "pycodestyle", "isort", "mypy")]
    assert not [f for f in ("ruff.toml", ".ruff.toml", "pytest.ini", "tox.ini", ".flake8") if (ROOT / f).exists()]
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "[tool.ruff.lint]" in text and "[tool.pytest.ini_options]" in text
