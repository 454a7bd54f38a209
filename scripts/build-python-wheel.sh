#!/usr/bin/env bash
# Builds the Python wheel of the jsii package in the current directory, without the Python package
# index (unreachable here): jsii-pacmak writes the sources only, Debian's python3-build builds them,
# and twine checks the result. Needs: apt-get install -y python3-build twine python3-packaging
set -euo pipefail

# Debian's python3 (not a pyenv one earlier on PATH) is the one python3-build is installed for.
py=/usr/bin/python3
[ -x "$py" ] || py=python3
if ! "$py" -m build --version >/dev/null 2>&1 || ! command -v twine >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's python3-build and twine (needed for the wheel)..."
    apt-get install -y -q python3-build twine python3-packaging >/dev/null 2>&1 ||
      (apt-get update -q >/dev/null && apt-get install -y -q python3-build twine python3-packaging >/dev/null)
  else
    echo "error: python3-build and twine are needed: apt-get install -y python3-build twine python3-packaging" >&2
    exit 1
  fi
fi

rm -rf dist/python dist/wheel
npx jsii-pacmak --target python --code-only --outdir dist
source_dir=dist/python
if [ ! -f "$source_dir/setup.py" ]; then
  echo "error: jsii-pacmak wrote no Python project under $source_dir" >&2
  exit 1
fi
"$py" -m build --no-isolation --skip-dependency-check --outdir dist/wheel "$source_dir"
rm -rf "$source_dir"
mv dist/wheel "$source_dir"
twine check "$source_dir"/*
