#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks of the desktop integration files in data/ that no validator makes.

  check-data.py icon FILE [--symbolic]
      FILE is well-formed SVG with a square view box; with --symbolic it is 16x16 and drawn in
      the one symbolic colour, #2e3436, with fills only (GTK recolours fills, not strokes).
  check-data.py names --app-id ID --desktop FILE --metainfo FILE --schema FILE --icons DIR
      the launcher, the metainfo, the schema and the icons all use the same application ID,
      and the launcher starts the wizard (blaster-check).
  check-data.py settings --app-id ID --schema-dir DIR
      the schema compiled into DIR (the build folder) has every key the wizard reads, with its
      default: what GSETTINGS_SCHEMA_DIR=build/data gives an uninstalled wizard.

Prints what is wrong and exits 1, or exits 0.
"""
import argparse
import configparser
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
SYMBOLIC_COLOR = "#2e3436"
# The keys other parts of the wizard read, and their defaults as gsettings prints them.
SETTINGS = {
    "kiosk-mode": "false",
    "idle-timeout": "uint32 180",
    "staff-pin-hash": "''",
    "large-text": "false",
    "link-mode": "'browser'",
    "language": "''",
}

problems = []


def problem(text):
    problems.append(text)


def number(text):
    m = re.fullmatch(r"\s*([0-9.]+)\s*(px)?\s*", text or "")
    return float(m.group(1)) if m else None


def check_icon(path, symbolic):
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        problem(f"{path}: not well-formed XML: {e}")
        return
    if root.tag != SVG + "svg":
        problem(f"{path}: the root element is {root.tag}, not an SVG <svg>")
        return
    view_box = [float(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if v]
    if len(view_box) != 4 or view_box[2] <= 0 or view_box[2] != view_box[3]:
        problem(f"{path}: the viewBox {root.get('viewBox')!r} is not a square")
    width, height = number(root.get("width")), number(root.get("height"))
    if width is None or width != height:
        problem(f"{path}: width {root.get('width')!r} and height {root.get('height')!r} "
                "are not one size")
    shapes = [e for e in root.iter() if e.tag[len(SVG):] in
              ("path", "circle", "rect", "ellipse", "polygon", "polyline", "line")]
    if not shapes:
        problem(f"{path}: draws nothing")
    if not symbolic:
        return
    if width != 16 or view_box[2:] != [16, 16]:
        problem(f"{path}: a symbolic icon must be 16x16 (width {root.get('width')!r}, "
                f"viewBox {root.get('viewBox')!r})")
    for e in root.iter():
        style = dict(kv.split(":", 1) for kv in e.get("style", "").replace(" ", "").split(";")
                     if ":" in kv)
        fill = e.get("fill", style.get("fill"))
        stroke = e.get("stroke", style.get("stroke"))
        if fill not in (None, "none") and fill.lower() != SYMBOLIC_COLOR:
            problem(f"{path}: <{e.tag[len(SVG):]}> is filled with {fill}, "
                    f"not {SYMBOLIC_COLOR}")
        if stroke not in (None, "none"):
            problem(f"{path}: <{e.tag[len(SVG):]}> has a stroke; GTK recolours fills only")
        if e.tag in (SVG + "linearGradient", SVG + "radialGradient", SVG + "image"):
            problem(f"{path}: a symbolic icon has no {e.tag[len(SVG):]}")


def check_names(args):
    desktop = configparser.ConfigParser(interpolation=None, strict=False)
    desktop.optionxform = str
    desktop.read(args.desktop, encoding="utf-8")
    entry = desktop["Desktop Entry"] if desktop.has_section("Desktop Entry") else {}
    if os.path.basename(args.desktop) != args.app_id + ".desktop":
        problem(f"{args.desktop}: the launcher is not named {args.app_id}.desktop")
    if entry.get("Icon") != args.app_id:
        problem(f"{args.desktop}: Icon={entry.get('Icon')}, not {args.app_id}")
    if (entry.get("Exec") or "").split(" ")[0] != "blaster-check":
        problem(f"{args.desktop}: Exec={entry.get('Exec')} does not start blaster-check")
    for rel in (f"scalable/apps/{args.app_id}.svg", f"symbolic/apps/{args.app_id}-symbolic.svg"):
        if not os.path.isfile(os.path.join(args.icons, rel)):
            problem(f"{args.icons}: no icon {rel} for Icon={args.app_id}")

    meta = ET.parse(args.metainfo).getroot()
    if meta.findtext("id") != args.app_id:
        problem(f"{args.metainfo}: <id> is {meta.findtext('id')!r}, not {args.app_id}")
    launchable = meta.find("launchable[@type='desktop-id']")
    if launchable is None or launchable.text != args.app_id + ".desktop":
        problem(f"{args.metainfo}: <launchable> does not name {args.app_id}.desktop")

    schema = ET.parse(args.schema).getroot().find("schema")
    if schema is None or schema.get("id") != args.app_id:
        problem(f"{args.schema}: the schema id is not {args.app_id}")
    elif schema.get("path") != "/" + args.app_id.replace(".", "/") + "/":
        problem(f"{args.schema}: the schema path {schema.get('path')} does not follow its id")


def check_settings(args):
    env = dict(os.environ, GSETTINGS_SCHEMA_DIR=args.schema_dir, GSETTINGS_BACKEND="memory",
               LC_ALL="C")
    r = subprocess.run(["gsettings", "list-recursively", args.app_id], env=env,
                       capture_output=True, text=True)
    if r.returncode != 0:
        problem(f"gsettings cannot read {args.app_id} from {args.schema_dir}: "
                f"{r.stderr.strip()}")
        return
    got = {}
    for line in r.stdout.splitlines():
        parts = line.split(" ", 2)
        if len(parts) == 3:
            got[parts[1]] = parts[2]
    for key, default in SETTINGS.items():
        if key not in got:
            problem(f"{args.schema_dir}: the compiled schema has no key {key}")
        elif got[key] != default:
            problem(f"{args.schema_dir}: {key} defaults to {got[key]}, not {default}")
    r = subprocess.run(["gsettings", "range", args.app_id, "link-mode"], env=env,
                       capture_output=True, text=True)
    if r.stdout.split() != ["enum", "'browser'", "'qr'"]:
        problem(f"link-mode does not offer exactly browser and qr: {r.stdout.split()}")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="command", required=True)
    icon = sub.add_parser("icon")
    icon.add_argument("file")
    icon.add_argument("--symbolic", action="store_true")
    names = sub.add_parser("names")
    settings = sub.add_parser("settings")
    for p in (names, settings):
        p.add_argument("--app-id", required=True)
    names.add_argument("--desktop", required=True)
    names.add_argument("--metainfo", required=True)
    names.add_argument("--schema", required=True)
    names.add_argument("--icons", required=True)
    settings.add_argument("--schema-dir", required=True)
    args = ap.parse_args()

    if args.command == "icon":
        check_icon(args.file, args.symbolic)
    elif args.command == "names":
        check_names(args)
    else:
        check_settings(args)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
