"""Prints "pytest: N passed, M failed" at the end, the line scripts/test-all.sh counts (as sdk/python/tests does)."""


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ARG001
    stats = terminalreporter.stats
    passed = sum(1 for r in stats.get("passed", []) if getattr(r, "when", "call") == "call")
    failed = len(stats.get("failed", [])) + len(stats.get("error", []))
    terminalreporter.write_line(f"pytest: {passed} passed, {failed} failed")
