"""Shared fixtures: a real local HTTP server standing in for Sensei's batch endpoints.

Also prints one line "pytest: N passed, M failed" at the end, the shape scripts/test-all.sh counts (pytest's own
summary puts "failed" first and omits zeros)."""
from __future__ import annotations

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "helpers"))

from sink import Sink  # noqa: E402


@pytest.fixture
def sink():
    s = Sink()
    try:
        yield s
    finally:
        s.close()


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ARG001
    stats = terminalreporter.stats
    passed = sum(1 for r in stats.get("passed", []) if getattr(r, "when", "call") == "call")
    failed = len(stats.get("failed", [])) + len(stats.get("error", []))
    terminalreporter.write_line(f"pytest: {passed} passed, {failed} failed")
