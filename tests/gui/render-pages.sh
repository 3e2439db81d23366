#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Renders every page of the wizard, in every language, at 1024x768 and 800x600, to PNG files
# (default: docs/screenshots/), from a real window on a virtual display. Look at every picture:
# no clipped, overlapping or untranslated text. The README shows two of them.
#   tests/gui/render-pages.sh [BUILD-DIR] [OUT-DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
out=${2:-docs/screenshots}
[[ -x $build/tests/gui/test-wizard ]] || { echo "render-pages: build first: $build/tests/gui/test-wizard is missing" >&2; exit 2; }
mkdir -p "$out"
for size in 1024x768 800x600; do
  w=${size%x*} h=${size#*x}
  BLASTER_CHECK_LOCALEDIR="$PWD/$build/po" BLASTER_CHECK_SOURCE_ROOT="$PWD" \
    GDK_BACKEND=x11 NO_AT_BRIDGE=1 \
    xvfb-run -a -s "-screen 0 ${w}x${h}x24" "$build/tests/gui/test-wizard" render "$out" "$w" "$h"
done
echo "render-pages: $(ls "$out"/*.png | wc -l) pictures in $out"
