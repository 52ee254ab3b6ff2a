#!/bin/sh
# Installs what cmnn needs on Debian 12 with apt-get, skipping what is already there.
# Needs root (or sudo) only when something is missing.
set -e
packages="cmake ninja-build g++ make python3 gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib qemu-system-arm libcli11-dev nlohmann-json3-dev"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
  echo "setup: all packages present"
  exit 0
fi
echo "setup: installing$missing"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# --no-install-recommends skips ~390 MB of QEMU firmware and GUI libraries nobody here uses.
$sudo apt-get install -y -qq --no-install-recommends $missing
