#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every link of data/links/links.ini speaks every language of po/LINGUAS: each text the wizard
shows (title, description, status-note, catalog-note) has its own line in that language, not
the English one again, quoted as the Japanese quotes a page's title; and every language's own
current address (current[LL]) is a Microsoft page in that language, said in the link's note how
it was confirmed. The words a language's glossary (po/glossary-LL.toml) forbids are not in its
link texts either.

    test-links-languages.py [SOURCE-ROOT [LINKS-FILE]]

TAP: one line a language, one for the quotes, one for the addresses.
"""
import os
import re
import sys

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None

HERE = os.path.dirname(os.path.abspath(__file__))

# What the Help and links page, the Recovery and Prevention pages and the report show of a link
# (src/gui/bc-links.c reads them with g_key_file_get_locale_string).
SHOWN = ("title", "description", "status-note", "catalog-note")

# A text the same in every language: a name.
SAME_EVERYWHERE = set()

# How each language quotes a page's title, where the Japanese quotes it with 「…」.
QUOTES = {"de": ("„", "“"), "es": ("«", "»"), "fr": ("«\u00a0", "\u00a0»"), "pt_BR": ("“", "”"),
          "ru": ("«", "»"), "zh_CN": ("“", "”"), "zh_TW": ("「", "」"), "ko": ("“", "”"),
          "ar": ("«", "»"), "ja": ("「", "」")}

# The locale in learn.microsoft.com's addresses for each language.
LEARN_LOCALE = {"ja": "ja-jp", "de": "de-de", "es": "es-es", "fr": "fr-fr", "pt_BR": "pt-br",
                "ru": "ru-ru", "zh_CN": "zh-cn", "zh_TW": "zh-tw", "ko": "ko-kr", "ar": "ar-sa"}

n = 0
failures = 0


def tap(good, name, problems=()):
    global n, failures
    n += 1
    print(("ok %d - %s" if good else "not ok %d - %s") % (n, name), flush=True)
    for line in problems:
        print("# " + line, flush=True)
    if not good:
        failures += 1


def skip(name, reason):
    global n
    n += 1
    print("ok %d - %s # SKIP %s" % (n, name, reason), flush=True)


def read_links(path):
    """{group: {key: value}} in file order, as GLib's key file reads them."""
    groups, group = {}, None
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            m = re.match(r"^\[([^]]+)\]$", line)
            if m:
                group = groups.setdefault(m.group(1), {})
                continue
            key, sep, value = line.partition("=")
            if not sep or group is None:
                raise ValueError("%s:%d: not a key=value line: %r" % (path, number, line))
            group[key.strip()] = value.strip()
    return groups


def read_linguas(path):
    languages = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            languages += line.split("#", 1)[0].split()
    return languages


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(HERE))
    links_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(source, "data", "links",
                                                                    "links.ini")
    languages = read_linguas(os.path.join(source, "po", "LINGUAS"))
    links = read_links(links_path)
    print("# %d links, languages of po/LINGUAS: %s" % (len(links), " ".join(languages)))
    if not languages or not links:
        print("Bail out! no languages or no links")
        return 1

    for language in languages:
        problems = []
        for group, keys in links.items():
            for key in SHOWN:
                english = keys.get(key)
                if not english:
                    continue
                own = keys.get("%s[%s]" % (key, language))
                if not own:
                    problems.append("[%s] has no %s[%s]" % (group, key, language))
                elif own == english and english not in SAME_EVERYWHERE:
                    problems.append("[%s] %s[%s] is the English text: %r"
                                    % (group, key, language, own))
        tap(not problems, "%s: every link has its title, description, status-note and "
            "catalog-note in %s" % (language, language), problems)

    problems = []
    for group, keys in links.items():
        ja = keys.get("title[ja]", "")
        if not (ja.startswith("「") and "」" in ja):
            continue
        for language in languages:
            own = keys.get("title[%s]" % language)
            quotes = QUOTES.get(language)
            if own is None or quotes is None:
                continue
            opening, closing = quotes
            if opening not in own or closing not in own:
                problems.append("[%s] title[%s] does not quote the title %s…%s as the Japanese "
                                "does: %r" % (group, language, opening.strip(), closing.strip(),
                                              own))
    tap(not problems, "where the Japanese title quotes the page's title 「…」, every language "
        "quotes it with its own quotation marks", problems)

    if tomllib is None:
        skip("the glossaries' forbidden words", "tomllib needs Python 3.11")
    else:
        for language in languages:
            glossary_path = os.path.join(source, "po", "glossary-%s.toml" % language)
            if not os.path.exists(glossary_path):
                continue
            with open(glossary_path, "rb") as f:
                terms = tomllib.load(f).get(language, {}).get("term", [])
            problems = []
            for group, keys in links.items():
                for key in SHOWN:
                    text = keys.get("%s[%s]" % (key, language))
                    if not text:
                        continue
                    for term in terms:
                        words = [w for w in term.get("forbidden", []) if w in text]
                        if term.get("forbidden_re") and re.search(term["forbidden_re"], text):
                            words.append(term["forbidden_re"])
                        for word in words:
                            problems.append("[%s] %s[%s] has %r, which %s's glossary forbids "
                                            "(%s: %s)" % (group, key, language, word, language,
                                                          term.get("id"), term.get("term")))
            tap(not problems, "%s: no word po/glossary-%s.toml forbids in the link texts"
                % (language, language), problems)

    problems, found = [], []
    for group, keys in links.items():
        for key, address in keys.items():
            m = re.match(r"^current\[([^]]+)\]$", key)
            if not m:
                continue
            language = m.group(1)
            found.append("%s[%s]" % (group, language))
            if language not in languages and language != "ja":
                problems.append("[%s] %s: %s is not a language of po/LINGUAS"
                                % (group, key, language))
            locale = LEARN_LOCALE.get(language)
            english = keys.get("current", "")
            if "learn.microsoft.com/en-us/" in english:
                expected = english.replace("/en-us/", "/%s/" % locale) if locale else None
                if address != expected:
                    problems.append("[%s] %s is %s, not the %s page of its current address (%s)"
                                    % (group, key, address, locale, expected))
            if locale and locale not in keys.get("note", ""):
                problems.append("[%s] %s: the note does not say what confirmed the %s page"
                                % (group, key, locale))
    tap(not problems, "each language's own current address is the same Microsoft page in that "
        "language, and its note says what confirmed it (%s)" % ", ".join(found), problems)

    print("1..%d" % n)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
