"""The console script installed by pip runs the Rust CLI in-process."""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess
import sys

import pytest

import lurescan

ROOT = pathlib.Path(__file__).resolve().parents[2]


def console_script() -> str:
    script = pathlib.Path(sys.executable).parent / "lurescan"
    found = str(script) if script.exists() else shutil.which("lurescan")
    if found is None:
        pytest.fail("the lurescan console script is not installed")
    return found


def test_console_script_scans_the_example_file():
    run = subprocess.run(
        [console_script(), "scan", "--quiet", str(ROOT / "examples" / "posts.jsonl")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stderr  # the example file holds lures
    results = [json.loads(line) for line in run.stdout.splitlines()]
    first = json.loads((ROOT / "examples" / "posts.jsonl").read_text().splitlines()[0])
    assert results[0]["id"] == first["id"]
    # Byte offsets from the CLI, same rules and score as the library (which uses code points).
    assert results[0]["score"] == pytest.approx(lurescan.scan(first["text"]).score)


def test_console_script_exit_code_on_a_broken_pack(tmp_path):
    pack = tmp_path / "broken.toml"
    pack.write_text("[[rule]]\nid = 'x'\n", encoding="utf-8")
    run = subprocess.run(
        [console_script(), "rules", "lint", str(pack)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 2
    assert "broken.toml:1: rule x:" in run.stdout + run.stderr


def test_run_cli_returns_the_exit_code():
    assert lurescan._lurescan.run_cli(["lurescan", "--version"]) == 0
