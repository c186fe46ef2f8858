"""docs/pytest.md's worked example runs as written, in a separate suite that loads the plugin (#9 item 11)."""

from __future__ import annotations

import re
from pathlib import Path

pytest_plugins = ["pytester"]


def doc_example() -> str:
    text = (Path(__file__).resolve().parents[2] / "docs/pytest.md").read_text(encoding="utf-8")
    [block] = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    return block


def test_the_worked_example_passes(pytester):
    pytester.makepyfile(test_provisioning=doc_example())
    result = pytester.runpytest_subprocess("-n0", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)


def test_the_plugin_docstring_points_to_the_page():
    import harness.pytest_plugin

    assert "docs/pytest.md" in (harness.pytest_plugin.__doc__ or "")
