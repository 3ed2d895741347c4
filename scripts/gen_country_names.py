#!/usr/bin/env python3
"""Generate the country and language tables embedded by `src/quality/country.rs`.

Writes `src/quality/data/countries.tsv` and `src/quality/data/languages.tsv` from
CLDR (via PyPI's `babel`: territory and language names in EN/FR/DE/IT/ES and the
country's own official languages) and the ISO code lists (via PyPI's `pycountry`:
the 249 ISO 3166-1 entries with alpha-3 and ISO names, and the ISO 639-1 languages
with their 639-2/T and 639-2/B codes).

The hand-written variants (`country_variants.tsv`, `language_variants.tsv`) are NOT
touched by this script: they live next to the generated files and are edited by hand.

Re-run (from the workspace root):

    pip install babel pycountry          # tested with babel 2.18.0, pycountry 26.2.16
    python3 scripts/gen_country_names.py
    cargo test --lib quality::country    # checks that the tables parse without conflicts

Output format (tab-separated, `#` lines are comments, `|` separates alternatives; the
first alternative of a column is the display name):

    countries.tsv: alpha2  alpha3  en  fr  de  it  es  native
    languages.tsv: alpha2  639-2/T  639-2/B  en  fr  de  it  es  native

`en` holds the CLDR English name, then the ISO 3166 / ISO 639 English names from
pycountry, then mechanical spelling variants ("St." -> "Saint", "&" -> "and").
Language columns also hold CLDR's regional forms ("Swiss High German" -> de,
"Flemish" -> nl, "Moldavian" -> ro).
`native` holds the names in the country's official languages (countries) or the
language's own name (languages), minus those already present in another column;
a native name that would collide with a name of another entry is dropped, and so is any
name that folds to another entry's ISO code (German "Yi" for ii vs the code yi).
"""

import os
import re
import sys
import unicodedata

import babel
import pycountry
from babel import Locale, localedata
from babel.core import get_global

LOCALES = ["en", "fr", "de", "it", "es"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "quality", "data")

# Per-locale word for "&" in CLDR short names ("St. Kitts & Nevis").
AND_WORD = {"en": "and", "fr": "et", "de": "und", "it": "e", "es": "y"}
SPECIAL_FOLD = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "þ": "th", "ð": "d", "ı": "i", "ħ": "h"}


def fold(name: str) -> str:
    """Approximation of the Rust lookup key (the Rust test is authoritative)."""
    s = "".join(SPECIAL_FOLD.get(c, c) for c in name.lower())
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return "".join(c for c in s if c.isalnum())


def clean(name: str) -> str:
    return " ".join(name.replace("\t", " ").replace("|", "/").split())


def add(alts: list, name) -> None:
    if name:
        name = clean(name)
        if name and name not in alts:
            alts.append(name)


def expand(alts: list, lang: str) -> list:
    """Mechanical variants of CLDR short forms."""
    out = list(alts)
    for a in alts:
        b = a
        if "&" in b:
            b = b.replace("&", AND_WORD[lang])
        b = re.sub(r"\bSt\. ", "Saint ", b)
        add(out, b)
    return out


def strip_paren(name: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", name).strip()


def countries() -> list:
    terr_langs = get_global("territory_languages")
    locs = {l: Locale.parse(l) for l in LOCALES}
    rows = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        a2 = c.alpha_2
        cols = []
        for l in LOCALES:
            alts = []
            add(alts, locs[l].territories[a2])
            if l == "en":
                for attr in ("common_name", "name", "official_name"):
                    add(alts, getattr(c, attr, None))
            cols.append(expand(alts, l))
        native = []
        for lang, info in terr_langs.get(a2, {}).items():
            if info.get("official_status") not in ("official", "de_facto_official"):
                continue
            if not localedata.exists(lang):
                continue
            add(native, Locale.parse(lang).territories.get(a2))
        rows.append([a2, c.alpha_3, cols, native])
    return rows


def languages() -> list:
    locs = {l: Locale.parse(l) for l in LOCALES}
    rows = []
    langs = [x for x in pycountry.languages if hasattr(x, "alpha_2")]
    for x in sorted(langs, key=lambda x: x.alpha_2):
        a2 = x.alpha_2
        cols = []
        for l in LOCALES:
            alts = []
            add(alts, locs[l].languages.get(a2))
            # Regional forms ("Swiss High German", "Brazilian Portuguese", "Flemish").
            for key, name in sorted(locs[l].languages.items()):
                if key.split("_")[0] == a2 and key != a2:
                    add(alts, name)
            if l == "en":
                add(alts, strip_paren(x.name))
                add(alts, x.name if "(" not in x.name else None)
            cols.append(alts)
        native = []
        if localedata.exists(a2):
            add(native, Locale.parse(a2).languages.get(a2))
        bib = getattr(x, "bibliographic", "")
        rows.append([a2, x.alpha_3 + "\t" + bib, cols, native])
    return rows


def finish(rows: list) -> None:
    """Drop names that are another entry's ISO code (German "Yi" for ii would shadow the
    code yi), and native names already present or colliding with another entry's names."""
    code_owner = {}
    for code, codes, _, _ in rows:
        for c in [code] + codes.split("\t"):
            if c:
                code_owner[fold(c)] = code
    for row in rows:
        code, _, cols, native = row
        for alts in cols + [native]:
            for a in list(alts):
                if code_owner.get(fold(a), code) != code:
                    print(f"note: {code}: name {a!r} dropped (ISO code of {code_owner[fold(a)]})", file=sys.stderr)
                    alts.remove(a)
    owner = {}
    for code, _, cols, _ in rows:
        for alts in cols:
            for a in alts:
                owner.setdefault(fold(a), set()).add(code)
    for row in rows:
        code, _, cols, native = row
        kept = []
        for n in native:
            k = fold(n)
            others = owner.get(k, set()) - {code}
            if others:
                print(f"note: {code}: native name {n!r} dropped (also {sorted(others)})", file=sys.stderr)
            elif code in owner.get(k, set()):
                continue  # already there
            else:
                kept.append(n)
                owner.setdefault(k, set()).add(code)
        row[3] = kept


def write(path: str, header: str, rows: list) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(header)
        for code, codes, cols, native in rows:
            fields = [code, codes] + ["|".join(a) for a in cols] + ["|".join(native)]
            f.write("\t".join(fields) + "\n")
    print(f"wrote {path}: {len(rows)} rows, {os.path.getsize(path)} bytes", file=sys.stderr)


def main() -> None:
    gen = (
        f"# GENERATED by scripts/gen_country_names.py (babel {babel.__version__}, CLDR "
        f"{get_global('cldr')['version'] if 'version' in get_global('cldr') else '?'}, "
        f"pycountry {pycountry.__version__ if hasattr(pycountry, '__version__') else '?'}) - do not edit by hand;\n"
        "# hand-written additions go to the *_variants.tsv files next to this one.\n"
    )
    rows = countries()
    finish(rows)
    write(
        os.path.join(OUT, "countries.tsv"),
        gen + "# alpha2\talpha3\ten\tfr\tde\tit\tes\tnative   (| separates alternatives; first = display name)\n",
        rows,
    )
    rows = languages()
    finish(rows)
    write(
        os.path.join(OUT, "languages.tsv"),
        gen + "# 639-1\t639-2/T\t639-2/B (empty if same)\ten\tfr\tde\tit\tes\tnative   (| separates alternatives)\n",
        rows,
    )


if __name__ == "__main__":
    main()
