#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A pseudo-locale for layout tests: every message of the sources, accented and about 40 % longer.

    make-pseudo-locale.py SOURCE-ROOT OUT.po OUT.mo

The messages come from xgettext over po/POTFILES.in, with the keywords po/meson.build gives it
(so a string added today is in it), not from a translation that may lag behind. Each msgstr is
its msgid with its letters accented and a tail of tildes inside brackets:

    "Scanning %s…"  ->  "[Šçåññîñĝ %s… ~~~~]"

Printf and strftime directives, %VARIABLES%, Pango markup and entities, addresses, mnemonic
underscores and line breaks are kept as they are, so the wizard shows the pseudo text wherever
it shows the English one; msgfmt -c --check-format proves it. Messages without a letter (the
list and thousands separators) stay as they are: they are not words to lengthen.
"""
import os
import re
import subprocess
import sys
import tempfile

ACCENTS = dict(zip(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ"))

# What must reach the program unchanged: printf (%1$s, %'d, %.1f, %llu), strftime (%Y), %WinDir%,
# markup tags and entities, addresses, a mnemonic's underscore with its letter.
KEEP = re.compile(r"""
    %[A-Za-z]+%                                     # an environment variable: %WinDir%
  | %(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?[A-Za-z%]
  | <[^>]*>                                         # markup
  | &(?:[A-Za-z]+|\#\d+|\#x[0-9A-Fa-f]+);           # entities
  | (?:https?|ftp|file)://\S+                       # addresses
  | --[a-z][a-z-]*                                  # options: --check-links
  | _(?=\w)                                         # a mnemonic's underscore
""", re.VERBOSE)

GROWTH = 0.4


def pseudo(text):
    """TEXT accented and about 40 % longer, its directives and markup untouched."""
    if not any(c.isalpha() for c in text):
        return text
    out, pos = [], 0
    for m in KEEP.finditer(text):
        out.append("".join(ACCENTS.get(c, c) for c in text[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append("".join(ACCENTS.get(c, c) for c in text[pos:]))
    body = "".join(out)
    # A trailing line break stays last (the CLI's lines end in one).
    tail = ""
    while body.endswith("\n"):
        body, tail = body[:-1], tail + "\n"
    # The brackets and the space count too. Tildes in words of up to five, so that a long
    # message can still wrap: a translation lengthens words, it does not make one 100 long.
    pad = max(1, round(len(text) * GROWTH) - 3)
    words = ["~" * min(5, pad - i) for i in range(0, pad, 6)]
    return "[" + body + " " + " ".join(words) + "]" + tail


def unquote(s):
    """The value of a PO string literal ("…" with C escapes)."""
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t", '"': '"', "\\": "\\",
                                       "r": "\r"}.get(m.group(1), "\\" + m.group(1)), s[1:-1])


def quote(s):
    """S as PO string lines, broken after each \\n as xgettext does."""
    esc = s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n\n")
    lines = esc.split("\n")
    if lines[-1] == "":
        lines.pop()
    if len(lines) <= 1:
        return '"' + (lines[0] if lines else "") + '"'
    return '""\n' + "\n".join('"' + l + '"' for l in lines)


def entries(pot):
    """(flags, msgctxt, msgid, msgid_plural) of each message of the template POT."""
    for block in re.split(r"\n\s*\n", pot):
        flags, fields, key = "", {}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags = line
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                fields[key] += unquote(line)
            else:
                key, _, value = line.partition(" ")
                fields[key] = unquote(value)
        if fields.get("msgid"):
            yield flags, fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    root, out_po, out_mo = sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        pot_path = os.path.join(tmp, "template.pot")
        subprocess.run(
            ["xgettext", "--package-name=blaster-check", "-D", root,
             "-f", os.path.join(root, "po", "POTFILES.in"), "-o", pot_path,
             # po/meson.build: the glib preset and the project's own keywords
             "--from-code=UTF-8", "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2",
             "--keyword=NC_:1c,2", "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3",
             "--keyword=g_dpgettext2:2c,3", "--flag=N_:1:pass-c-format",
             "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
             "--flag=g_dngettext:2:pass-c-format", "--keyword=NP_:1,2",
             "--keyword=ngettext_:1,2"],
            check=True)
        with open(pot_path, encoding="utf-8") as f:
            pot = f.read()

    parts = ['msgid ""\nmsgstr ""\n'
             '"Project-Id-Version: blaster-check pseudo-locale\\n"\n'
             '"PO-Revision-Date: 2003-08-11 00:00+0000\\n"\n'
             '"Last-Translator: make-pseudo-locale.py\\n"\n'
             '"Language-Team: none\\n"\n'
             '"Language: en\\n"\n'
             '"MIME-Version: 1.0\\n"\n'
             '"Content-Type: text/plain; charset=UTF-8\\n"\n'
             '"Content-Transfer-Encoding: 8bit\\n"\n'
             '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n']
    count = 0
    for flags, ctxt, msgid, plural in entries(pot):
        e = []
        if flags:
            e.append(flags.replace(", fuzzy", ""))
        if ctxt is not None:
            e.append("msgctxt " + quote(ctxt))
        e.append("msgid " + quote(msgid))
        if plural is not None:
            e.append("msgid_plural " + quote(plural))
            e.append("msgstr[0] " + quote(pseudo(msgid)))
            e.append("msgstr[1] " + quote(pseudo(plural)))
        else:
            e.append("msgstr " + quote(pseudo(msgid)))
        parts.append("\n".join(e) + "\n")
        count += 1
    if count < 100:
        sys.exit(f"make-pseudo-locale: only {count} messages found: is POTFILES.in right?")
    with open(out_po, "w", encoding="utf-8") as f:
        f.write("\n".join(parts))
    subprocess.run(["msgfmt", "-c", "--check-format", "-o", out_mo, out_po], check=True)


if __name__ == "__main__":
    main()
