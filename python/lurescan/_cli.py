"""The ``lurescan`` console script: the Rust CLI, run in-process through the extension."""

from __future__ import annotations

import sys

from ._lurescan import run_cli


def main() -> None:
    """Entry point of the ``lurescan`` command installed by pip."""
    sys.exit(run_cli(sys.argv))
