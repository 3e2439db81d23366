#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's first command: installs what is missing, builds, and starts the wizard.
# Arguments are passed to blaster-check (for example a disk's mount point).
set -euo pipefail
cd "$(dirname "$0")/.."

build-aux/deps.sh wizard
# Without the test suites: their programs (Xvfb, xdotool, Wine…) are the test command's to install.
if [[ -f build/build.ninja ]]; then
  meson setup --reconfigure build -Dtests=false >/dev/null
else
  meson setup build -Dtests=false
fi
meson compile -C build
# Run from the build tree: translations and settings schema come from there.
export BLASTER_CHECK_LOCALEDIR="$PWD/build/po"
export GSETTINGS_SCHEMA_DIR="$PWD/build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
exec build/src/gui/blaster-check "$@"
