#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that the Prevention page can show each bulletin's title in the user's language.

The indicator catalogue (data/rules/blaster.rules) gives each update's bulletin title in English
(`patch … bulletin=MS03-026 title="…"`); the page shows it through gettext
(bc-prevention-page.c, bulletin_titles). A title the catalogue adds or changes without a msgid
would stay English in every language, silently. TAP output, for each patch of the catalogue:
- its title is a msgid of a template made from po/POTFILES.in now;
- that msgid carries a Translators: comment naming the patch's own bulletin (translators are
  asked for Microsoft's own localized title of that bulletin);
- every language of po/LINGUAS translates it.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def unquote(text):
    return re.sub(r'\\(.)', lambda m: ESCAPES.get(m.group(1), m.group(1)), text)


def catalogue_patches(path):
    """(bulletin, title) of each `patch` line of the rules catalogue, in its order."""
    patches = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            words = line.split(None, 1)
            if not words or words[0] != "patch":
                continue
            fields = dict(w.split("=", 1) for w in shlex.split(words[1]) if "=" in w)
            patches.append((fields.get("bulletin", "?"), fields.get("title")))
    return patches


def read_po(path):
    """{msgid: (msgstr, extracted comments)} of a PO or POT file; an entry is a block of lines
    between blank lines (no contexts or plural forms among the titles)."""
    entries = {}
    with open(path, encoding="utf-8") as f:
        blocks = f.read().split("\n\n")
    for block in blocks:
        comments, fields, field = [], {}, None
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#."):
                comments.append(line[2:].strip())
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and field:
                fields[field] += unquote(line[1:-1])
            elif " " in line:
                field, value = line.split(" ", 1)
                fields[field] = unquote(value[1:-1])
        if fields.get("msgid"):
            entries[fields["msgid"]] = (fields.get("msgstr", ""), " ".join(comments))
    return entries


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source-root", required=True)
    args = ap.parse_args()
    root = args.source_root
    results = []

    def check(name, ok, diag=()):
        results.append((name, ok, list(diag)))

    patches = catalogue_patches(os.path.join(root, "data/rules/blaster.rules"))
    check("the rules catalogue has patches with titles",
          patches and all(title for _b, title in patches),
          ["patches: %s" % patches])

    with open(os.path.join(root, "po/LINGUAS")) as f:
        langs = [l.strip() for l in f if l.strip() and not l.startswith("#")]

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "current.pot")
        xg = subprocess.run(
            ["xgettext", "--from-code=UTF-8", "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2",
             "--keyword=NC_:1c,2", "--keyword=NP_:1,2", "--keyword=ngettext_:1,2",
             "--keyword=g_dngettext:2,3", "--add-comments=Translators",
             "--files-from=po/POTFILES.in", "-o", pot],
            cwd=root, capture_output=True, text=True)
        check("xgettext reads every listed file", xg.returncode == 0, xg.stderr.splitlines())
        template = read_po(pot) if xg.returncode == 0 else {}

    catalogues = {}
    for lang in langs:
        path = os.path.join(root, "po", lang + ".po")
        catalogues[lang] = read_po(path) if os.path.exists(path) else {}

    for bulletin, title in patches:
        if not title:
            continue
        entry = template.get(title)
        check("%s's title is a msgid of the template" % bulletin, entry is not None,
              ["title %r: no N_() or _() in a file of po/POTFILES.in has it" % title])
        comment = entry[1] if entry else ""
        check("%s's title has a Translators: comment naming %s" % (bulletin, bulletin),
              "Translators:" in comment and bulletin in comment,
              ["comment: %r" % comment])
        for lang in langs:
            msgstr = catalogues[lang].get(title, ("", ""))[0]
            check("%s translates %s's title" % (lang, bulletin), bool(msgstr),
                  ["po/%s.po has no translation of %r" % (lang, title)])

    print("1..%d" % len(results))
    for i, (name, ok, diag) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        if not ok:
            for d in diag:
                print("# " + d)
    return 0 if all(ok for _n, ok, _d in results) else 1


if __name__ == "__main__":
    sys.exit(main())
