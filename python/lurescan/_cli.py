"""The ``lurescan`` console script: the Rust CLI, run in-process through the extension."""

from __future__ import annotations

import signal
import sys

from ._lurescan import run_cli


def main() -> None:
    """Entry point of the ``lurescan`` command installed by pip."""
    # The Rust code runs without the GIL, so Python's own SIGINT handler could not stop it:
    # let Ctrl-C end the process as it ends the native binary.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.exit(run_cli(sys.argv))
