"""The README's Python examples and the package docstring run as tests."""

from __future__ import annotations

import doctest
import pathlib
import re

import lurescan

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"


def python_blocks():
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_has_python_examples():
    assert python_blocks(), "README.md has no ```python block"


def test_readme_python_examples_run():
    for block in python_blocks():
        exec(compile(block, str(README), "exec"), {})


def test_package_docstring():
    failures, tried = doctest.testmod(lurescan, verbose=False)
    assert tried > 0 and failures == 0
