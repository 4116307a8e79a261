#!/usr/bin/env bash
# Installs the Debian packages imgpipe builds against, and chromium for the browser sign-in
# test, when any is missing: as root with apt-get, otherwise by printing the exact command.
set -euo pipefail

packages=(pkg-config libsqlite3-dev libyaml-dev libvips-dev libssl-dev libmicrohttpd-dev chromium "$@")
missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    if [[ "$status" != "install ok installed" ]]; then
        missing+=("$package")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

command="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
    echo "imgpipe needs these Debian packages: ${missing[*]}" >&2
    echo "Install them as root with:" >&2
    echo "    sudo apt-get update && sudo $command" >&2
    exit 1
fi

echo "Installing ${missing[*]} (libvips-dev brings about 110 packages; this takes a minute)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
