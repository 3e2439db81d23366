#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Holds every translation catalogue to the glossary, po/glossary.toml.

TAP output, per language of po/LINGUAS:
- the glossary has a section for the language;
- the PO header fields are filled (Project-Id-Version, Language-Team, Last-Translator,
  Language, Plural-Forms, Content-Type with UTF-8), with the values the glossary gives;
- the catalogue holds no obsolete (#~) entry;
- no msgstr uses a word or spelling the glossary forbids (キャンセル, コンピューター, （ ？ …);
- where the English msgid uses a term (PC, this computer, Task Manager, Infected: …), the msgstr
  uses the glossary's translation of it (パソコン, このコンピュータ, タスク マネージャ, 感染: …);
- a term kept for one meaning (このコンピュータ: the computer running the program) appears only
  where the English says it;
- names that stay English (Windows, MS03-026, KB823980, msblast.exe …) are kept as written.
Each offence is reported with its msgid.
"""
import argparse
import os
import re
import sys

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
           "f": "\f", "v": "\v"}


def unquote(text):
    text = text.strip()
    if not (len(text) >= 2 and text[0] == '"' and text[-1] == '"'):
        raise ValueError("not a quoted PO string: %r" % text)
    out, i, body = [], 0, text[1:-1]
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            out.append(ESCAPES.get(body[i + 1], "\\" + body[i + 1]))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def parse_po(path):
    """The entries of a PO file: dicts with msgid, msgid_plural, msgstr (a list), obsolete,
    flags and line."""
    entries, cur, field = [], None, None
    keyword = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')

    def flush():
        if cur is not None and "msgid" in cur:
            cur["msgstr"] = [cur["strs"][k] for k in sorted(cur["strs"])]
            entries.append(cur)

    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip():
                flush()
                cur, field = None, None
                continue
            if cur is None:
                cur = {"line": n, "strs": {}, "obsolete": False, "flags": set()}
            if line.startswith("#~"):
                cur["obsolete"] = True
                line = line[2:].lstrip()
                if not line:
                    continue
            if line.startswith("#,"):
                cur["flags"].update(x.strip() for x in line[2:].split(","))
                continue
            if line.startswith("#"):
                continue
            m = keyword.match(line)
            if m:
                key = m.group(1)
                if key.startswith("msgstr"):
                    field = ("msgstr", int(m.group(2) or 0))
                    cur["strs"][field[1]] = unquote(m.group(3))
                else:
                    field = (key, None)
                    cur[key] = unquote(m.group(3))
            elif line.startswith('"') and field is not None:
                if field[0] == "msgstr":
                    cur["strs"][field[1]] += unquote(line)
                else:
                    cur[field[0]] += unquote(line)
    flush()
    return entries


# Windows's own labels, which the catalogues quote: [スタート], 「すべてのドライブで…」, and the
# English msgids: “Protect my computer and network by limiting or preventing access to this
# computer from the Internet”.
QUOTED = re.compile(r"\[[^\[\]\n]*\]|「[^「」]*」")
QUOTED_EN = re.compile(r"“[^“”]*”")


def unquoted(text):
    return QUOTED.sub(" ", text)


def short(msgid):
    one = msgid.replace("\n", "\\n")
    return one if len(one) <= 90 else one[:87] + "…"


def check_language(lang, section, generic, entries):
    results = []

    def check(name, offences):
        results.append(("%s.po: %s" % (lang, name), not offences, offences))

    header = next((e for e in entries if e["msgid"] == "" and not e["obsolete"]), None)
    fields = {}
    if header is not None:
        for line in header["msgstr"][0].split("\n"):
            if ":" in line:
                k, v = line.split(":", 1)
                fields[k.strip()] = v.strip()
    bad = []
    if header is None:
        bad.append("no header entry")
    for key in section.get("header_required", []):
        value = fields.get(key, "")
        if not value or re.search(r"FULL NAME|EMAIL@ADDRESS|LANGUAGE <|PACKAGE VERSION|"
                                  r"YEAR-MO-DA|CHARSET|INTEGER|EXPRESSION", value):
            bad.append("header field %s is not filled (%r)" % (key, value))
    for key, want in section.get("header", {}).items():
        if fields.get(key) is not None and fields.get(key) != want:
            bad.append("header field %s is %r, the glossary says %r" % (key, fields[key], want))
    if "charset=UTF-8" not in fields.get("Content-Type", ""):
        bad.append("Content-Type does not say charset=UTF-8 (%r)" % fields.get("Content-Type"))
    check("the header fields are filled", bad)

    check("no obsolete (#~) entries",
          ["obsolete entry at line %d: msgid %r" % (e["line"], short(e["msgid"]))
           for e in entries if e["obsolete"]])

    live = [e for e in entries if not e["obsolete"] and e["msgid"] != ""]
    terms = section.get("term", [])
    exceptions = section.get("exception", [])

    def exempt(entry, check_id):
        return any(entry["msgid"].startswith(x["msgid"]) and check_id in x.get("checks", [])
                   for x in exceptions)
    forbidden, required, only = [], [], []
    for e in live:
        english = e["msgid"] + ("\n" + e["msgid_plural"] if "msgid_plural" in e else "")
        for s in e["msgstr"]:
            for t in terms:
                if exempt(e, t["id"]):
                    continue
                text = unquoted(s) if t.get("ignore_quoted") else s
                for word in t.get("forbidden", []):
                    if word in text:
                        forbidden.append("msgid %r: %r is not used, say %r (glossary: %s)"
                                         % (short(e["msgid"]), word, t["term"], t["id"]))
                if "forbidden_re" in t:
                    for m in re.finditer(t["forbidden_re"], text):
                        forbidden.append("msgid %r: %r: %s (glossary: %s)"
                                         % (short(e["msgid"]), m.group(0), t["en"], t["id"]))
                en_text = QUOTED_EN.sub(" ", english) if t.get("ignore_quoted") else english
                if "en_match" in t and re.search(t["en_match"], en_text) and not (
                        "en_unless" in t and re.search(t["en_unless"], en_text)):
                    want = t.get("match", t.get("ja_match", re.escape(t["term"])))
                    if not re.search(want, text):
                        required.append("msgid %r: the English says %r, the translation must "
                                        "say %r (glossary: %s)"
                                        % (short(e["msgid"]),
                                           re.search(t["en_match"], en_text).group(0),
                                           t["term"], t["id"]))
                if "only_where" in t and t["term"] in text and not re.search(
                        t["only_where"], english):
                    only.append("msgid %r: %r is only for %s (glossary: %s)"
                                % (short(e["msgid"]), t["term"], t["en"], t["id"]))
    check("no word or spelling the glossary forbids", forbidden)
    check("each term of the English has the glossary's translation", required)
    check("terms kept for one meaning appear only with it", only)

    kept = []
    keep_res = [re.compile(r"(?<![\w-])" + re.escape(k) + r"(?![\w-])") for k in
                generic.get("keep", [])]
    keep_res += [re.compile(p) for p in generic.get("keep_patterns", [])]
    for e in live:
        if exempt(e, "keep"):
            continue
        for rx in keep_res:
            for name in sorted(set(m.group(0) for m in rx.finditer(e["msgid"]))):
                for s in e["msgstr"]:
                    if name not in s:
                        kept.append("msgid %r: %r must stay as written in the translation"
                                    % (short(e["msgid"]), name))
    check("names that stay English are kept", kept)
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source-root", required=True)
    ap.add_argument("--glossary", help="default: po/glossary.toml under the source root")
    ap.add_argument("--po", action="append", default=[],
                    help="LANG=FILE: check FILE as language LANG instead of po/LANG.po")
    args = ap.parse_args()
    root = args.source_root

    if tomllib is None:
        print("1..0 # SKIP tomllib needs Python 3.11")
        return 0
    with open(args.glossary or os.path.join(root, "po", "glossary.toml"), "rb") as f:
        glossary = tomllib.load(f)
    # Each language may keep its section in a file of its own, po/glossary-LANG.toml.
    if not args.glossary:
        for name in sorted(os.listdir(os.path.join(root, "po"))):
            m = re.fullmatch(r"glossary-([A-Za-z_@]+)\.toml", name)
            if m:
                with open(os.path.join(root, "po", name), "rb") as f:
                    extra = tomllib.load(f)
                if m.group(1) not in extra or m.group(1) in glossary:
                    print("Bail out! po/%s must hold exactly the section [%s], once"
                          % (name, m.group(1)))
                    return 1
                glossary[m.group(1)] = extra[m.group(1)]

    with open(os.path.join(root, "po", "LINGUAS")) as f:
        langs = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    files = {lang: os.path.join(root, "po", lang + ".po") for lang in langs}
    for spec in args.po:
        lang, _, path = spec.partition("=")
        files[lang] = path

    results = []
    missing = [lang for lang in files if lang not in glossary]
    results.append(("po/glossary.toml or po/glossary-LANG.toml has a section for every language", not missing,
                    ["no [%s] section" % lang for lang in missing]))
    for lang, path in files.items():
        if lang in glossary:
            results += check_language(lang, glossary[lang], glossary.get("generic", {}),
                                      parse_po(path))

    print("1..%d" % len(results))
    for i, (name, ok, diag) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        for d in ([] if ok else diag):
            print("# " + d)
    return 0 if all(ok for _n, ok, _d in results) else 1


if __name__ == "__main__":
    sys.exit(main())
