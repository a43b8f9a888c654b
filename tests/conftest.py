"""Shared fixtures.  Real inputs come from ../shared (never copied into the project)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DRAFTER_SHARED", ROOT.parent / "shared"))
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"shared material not found at {SHARED}")
    return SHARED


@pytest.fixture
def cli_runner():
    from click.testing import CliRunner

    return CliRunner()
