#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian packages a task needs, skipping those already present.
#   build-aux/deps.sh wizard   what building and running the wizard needs
#   build-aux/deps.sh test     that, plus what every test suite and benchmark needs
#   build-aux/deps.sh fuzz     that, plus the fuzzer's compiler (tests/fuzz/run-fuzz.sh)
#   build-aux/deps.sh wine32   32-bit Wine, to run the 32-bit (XP) blaster-scan.exe in the tests
#                              too: opt-in, see wine32_pkgs below
# Runs apt-get directly as root, through sudo otherwise.
set -euo pipefail

build_pkgs=(
  meson ninja-build pkg-config gcc python3 gettext
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev
  libhivex-dev                    # the attached disk's registry hives
  libtsk-dev                      # disks that are not mounted: images (raw, E01, VHD, VMDK) and devices, through The Sleuth Kit
  libqrencode-dev                 # QR codes of the links: kiosk screens, report, receipt
  libcurl4-openssl-dev            # the link doctor: are the advisory's links still there?
  libjson-glib-dev                # …and the Wayback Machine's answer (JSON)
  ca-certificates                 # …over verified TLS
  fonts-noto-cjk                  # Japanese, Chinese, Korean: each its own Noto Sans CJK face (JP, SC, TC, KR)
  fonts-noto-ui-core              # Arabic: Noto Sans Arabic UI (fonts-noto-core would make Noto Sans every Latin text's face)
  iso-codes                       # each language's own name (ISO 639, 3166 and their translations)
  libglib2.0-bin                  # glib-compile-schemas: the settings schema, built in build/data
  appstream                       # its gettext ITS rules translate the metainfo at build time
)
test_pkgs=(
  xvfb xauth                      # GUI tests run in a real window on a virtual display
  util-linux                      # setpriv: the unreadable-folder test drops root
  bfs fd-find time                # the walk benchmark compares against bfs, fd and find
  desktop-file-utils              # desktop integration checks (appstreamcli: see build_pkgs)
  poppler-utils                   # pdftoppm: looking at the report's PDF pages
  zbar-tools                      # zbarimg: tests/links-qr reads the kiosk's QR codes back from the screen
  xdotool                         # tests/links-qr presses Escape and Enter on the QR code window
                                  # …and tests/kiosk real keys (Alt+F4, Ctrl+Q, the staff PIN) and pointer motion (idle)
                                  # …and tests/a11y finds the window and gives it the keyboard
  at-spi2-core dbus-daemon        # tests/a11y: the accessibility bus, in a D-Bus session (dbus-run-session)
  python3-pyatspi                 # tests/a11y walks the wizard through AT-SPI, as a screen reader does
  libx11-6 libxtst6               # tests/a11y: real key events (XTest) and the screen's pixels (focus rings)
  python3-hivex libhivex-bin reglookup  # tests/hive/make-hive.py: hivex writes hive fixtures, reglookup reads them back
  gcc-mingw-w64-x86-64 wine wine64  # blaster-scan.exe: the Windows cross build, run under Wine
  gcc-mingw-w64-i686-win32        # …and the 32-bit one for Windows XP (win32 threads: no DLL)
  openssl                         # tests/links: a self-signed certificate the link doctor must refuse
  openbox                         # tests/kiosk: a window manager that can minimise the kiosk (it must come back)
  mtools                          # tests/image: FAT32 images filled without a mount
  fdisk qemu-utils                # tests/image: MBR and GPT disks (sfdisk), VHD and VMDK (qemu-img convert)
  ewf-tools                       # tests/image: an E01 (EnCase) image, made with ewfacquire
  ntfs-3g dosfstools              # tests/remove and tests/image: NTFS (ntfs-3g, FUSE) and FAT (mkfs.vfat) volumes whose Windows attributes a move keeps
)
# Opt-in, not part of "test": 32-bit Wine needs dpkg's i386 architecture on the machine for
# good, upgrades ~50 amd64 system libraries (systemd, openssl…) to its versions, and adds 730 MB.
# A mirror whose i386 lists are out of step (seen here: a stale security list) makes the
# install fail, and would fail the test command with it. Without it the 32-bit .exe is still
# built and checked for Windows XP (tests/xp); the same code runs under Wine in the 64-bit .exe.
wine32_pkgs=(
  wine32:i386                     # runs the 32-bit blaster-scan.exe: run-tests.sh uses it when here
)
fuzz_pkgs=(
  clang llvm                      # tests/fuzz/: libFuzzer (clang's libclang-rt), llvm-symbolizer for its stack traces
)

case "${1:-}" in
  wizard) wanted=("${build_pkgs[@]}") ;;
  test) wanted=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
  fuzz) wanted=("${build_pkgs[@]}" "${test_pkgs[@]}" "${fuzz_pkgs[@]}") ;;
  wine32) wanted=("${build_pkgs[@]}" "${test_pkgs[@]}" "${wine32_pkgs[@]}") ;;
  *) echo "usage: $0 wizard|test|fuzz|wine32" >&2; exit 2 ;;
esac

missing=()
for pkg in "${wanted[@]}"; do
  # One line per architecture installed: with i386 added (wine32), libx11-6 has two.
  status=$(dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null || true)
  grep -qx "install ok installed" <<<"$status" || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "deps: all ${#wanted[@]} Debian packages are installed."
  exit 0
fi

if ((EUID == 0)); then
  sudo=()
elif command -v sudo >/dev/null; then
  sudo=(sudo)
else
  echo "deps: missing packages: ${missing[*]}" >&2
  echo "deps: run this as root, or install sudo, so they can be installed." >&2
  exit 1
fi

# Debian installs a 32-bit program like wine32 only once dpkg knows the i386 architecture.
# Measured on Debian 12: wine32:i386 brings about 106 i386 packages, 162 MB to download,
# 732 MB installed, one minute (and upgrades the amd64 twins of its libraries to the same
# version, as multiarch requires).
needs_i386=false
for pkg in "${missing[@]}"; do
  [[ $pkg == *:i386 ]] && needs_i386=true
done
if $needs_i386 && ! dpkg --print-foreign-architectures | grep -qx i386; then
  echo "deps: adding dpkg's i386 architecture: 32-bit Wine (wine32:i386) runs the Windows XP" \
    "build, the 32-bit blaster-scan.exe, in the tests."
  "${sudo[@]}" dpkg --add-architecture i386
fi

echo "deps: installing ${#missing[@]} Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# A mirror that fails one list (seen: a stale i386 security list) need not stop the install:
# apt keeps the lists it had, and apt-get install says what it cannot find.
"${sudo[@]}" apt-get update -q \
  || echo "deps: apt-get update reported errors (above); installing from the lists apt has." >&2
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "deps: done."
