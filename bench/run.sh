#!/usr/bin/env bash
# Runs imgpipe's benchmarks side by side with the tools users run today (exiftool, Pillow,
# requests, vipsthumbnail, ImageMagick). Installs those peers, builds imgpipe in release mode,
# then hands every argument to bench/driver.py: `bench/run.sh --help` lists them.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# The Debian peers; ensure-packages.sh installs them as root or prints the apt-get line.
scripts/ensure-packages.sh libimage-exiftool-perl imagemagick libvips-tools time

# The PyPI peers live in a venv under bench/.venv, which git ignores.
if [[ ! -x bench/.venv/bin/python ]]; then
    python3 -m venv bench/.venv
fi
if ! bench/.venv/bin/python -c 'import PIL, requests' 2>/dev/null; then
    bench/.venv/bin/python -m pip install --quiet Pillow requests
fi

# The same release build as `make release`, with the Swift runtime and Foundation linked
# statically, which saves loading and relocating their shared libraries at every start.
swift build -c release --static-swift-stdlib --product imgpipe >&2

exec bench/.venv/bin/python bench/driver.py --binary "$root/.build/release/imgpipe" "$@"
