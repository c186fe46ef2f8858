"""The docs say what the code does, in Microsoft's words (#9 item 11)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE_CODE = re.compile(r"\bS\d{1,2}\b")  # entra-behavior.md's internal source codes: S1, (S5), §1.3/S4
DOCS = sorted([*(ROOT / "docs").glob("*.md"), ROOT / "README.md"])


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_docs_name_microsoft_pages_not_internal_source_codes(path):
    assert SOURCE_CODE.findall(path.read_text(encoding="utf-8")) == []


def _shown_strings(path: Path) -> list[str]:
    """Return the string literals of a module that are not docstrings: what a command may print."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_command_output_names_no_internal_source_codes():
    found = {
        str(path.relative_to(ROOT)): hits
        for path in sorted((ROOT / "harness").rglob("*.py"))
        # a string that is only a code ("S3") is a lookup key that translates the recorded corpus's codes into
        # Microsoft page names (harness/validate/checks_corpus.py), never text a command prints
        if (
            hits := [
                s for s in _shown_strings(path) if SOURCE_CODE.search(s) and not SOURCE_CODE.fullmatch(s)
            ]
        )
    }
    assert found == {}


def test_readme_does_not_promise_five_steps_where_four_are_shown():
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "all five steps" not in text
    assert "only when it fails" in text


def test_fidelity_and_mockidp_agree_on_the_group_recycle_bin_and_openapi():
    fidelity = (ROOT / "docs/fidelity.md").read_text(encoding="utf-8")
    assert "Groups have no recycle bin" not in fidelity and "without schemas" not in fidelity
    assert "GROUP_RECYCLE_BIN" in fidelity and "GROUP_RECYCLE_BIN" in (ROOT / "docs/mockidp.md").read_text()


def test_the_demo_sample_in_cli_md_names_the_user_demo_prints():
    from harness.cli import demo_runs

    runs = demo_runs(seed=0, users=25)
    upn = runs[0].subject["identifier"]
    demo_section = (
        (ROOT / "docs/cli.md").read_text(encoding="utf-8").split("## demo", 1)[1].split("\n## ", 1)[0]
    )
    assert f"User '{upn}'" in demo_section
