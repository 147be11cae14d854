#!/usr/bin/env bash
# Runs every check of the project: formatting, lints, Rust tests (unit, integration, doc) and the
# Python package's tests in a virtual environment this script creates. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets --all-features -- -D warnings
echo "== cargo test"
cargo test -p lurescan --all-features

echo "== java (for the Spark tests)"
if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
  else
    echo "error: the Spark tests need Java 17 or later (java was not found on PATH);" \
      "install it, e.g. 'sudo apt-get install default-jre-headless'" >&2
    exit 2
  fi
fi
java -version 2>&1 | sed -n 1p

echo "== python: build the extension into a virtual environment"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check \
  "maturin>=1.5,<2" pytest pytest-timeout hypothesis pandas mypy ruff \
  pyspark pyarrow "dask[dataframe]" distributed
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-build-isolation \
  --force-reinstall --no-deps .
echo "== ruff"
.venv/bin/ruff check python benches
.venv/bin/ruff format --check python benches
echo "== mypy.stubtest (the .pyi stubs against the built module)"
.venv/bin/python -m mypy.stubtest lurescan._lurescan --allowlist python/stubtest-allowlist.txt
echo "== pytest"
.venv/bin/python -m pytest
