"""NormalizeDiacritics (S28): the documented table, as data. Characters not in the table pass through unchanged."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from ..values import Value, to_text
from .base import Invocation, spec

# S28 NormalizeDiacritics table: normalized character → the characters with diacritics it replaces.
TABLE: dict[str, str] = {
    "a": "ä, à, â, ã, å, á, ą, ă, ā, ā́, ā̀, ā̂, ā̃, ǟ, ā̈, ǡ, a̱, å̄",
    "A": "Ä, À, Â, Ã, Å, Á, Ą, Ă, Ā, Ā́, Ā̀, Ā̂, Ā̃, Ǟ, Ā̈, Ǡ, A̱, Å̄",
    "ae": "æ, ǣ",
    "AE": "Æ, Ǣ",
    "c": "ç, č, ć, c̄, c̱",
    "C": "Ç, Č, Ć, C̄, C̱",
    "d": "ď, d̄, ḏ",
    "D": "Ď, D̄, Ḏ",
    "e": "ë, è, é, ê, ę, ě, ė, ē, ḗ, ḕ, ē̂, ē̃, ê̄, e̱, ë̄, e̊̄",
    "E": "Ë, È, É, Ê, Ę, Ě, Ė, Ē, Ḗ, Ḕ, Ē̂, Ē̃, Ê̄, E̱, Ë̄, E̊̄",
    "g": "ğ, ḡ, g̱",
    "G": "Ğ, Ḡ, G̱",
    "i": "ï, î, ì, í, ı, ī, ī́, ī̀, ī̂, ī̃, i̱",
    "I": "Ï, Î, Ì, Í, İ, Ī, Ī́, Ī̀, Ī̂, Ī̃, I̱",
    "l": "ľ, ł, l̄, ḹ, ḻ",
    "L": "Ł, Ľ, L̄, Ḹ, Ḻ",
    "n": "ñ, ń, ň, n̄, ṉ",
    "N": "Ñ, Ń, Ň, N̄, Ṉ",
    "o": "ö, ò, ő, õ, ô, ó, ō, ṓ, ṑ, ō̂, ō̃, ȫ, ō̈, ǭ, ȭ, ȱ, o̱",
    "O": "Ö, Ò, Ő, Õ, Ô, Ó, Ō, Ṓ, Ṑ, Ō̂, Ō̃, Ȫ, Ō̈, Ǭ, Ȭ, Ȱ, O̱",
    "oe": "ø, ø̄, œ̄",
    "OE": "Ø, Ø̄, Œ̄",
    "r": "ř, r̄, ṟ, ṝ",
    "R": "Ř, R̄, Ṟ, Ṝ",
    "ss": "ß",
    "s": "š, ś, ș, ş, s̄, s̱",
    "S": "Š, Ś, Ș, Ş, S̄, S̱",
    "t": "ť, ț, t̄, ṯ",
    "T": "Ť, Ț, T̄, Ṯ",
    "u": "ü, ù, û, ú, ů, ű, ū, ū́, ū̀, ū̂, ū̃, u̇̄, ǖ, ṻ, ṳ̄, u̱",
    "U": "Ü, Ù, Û, Ú, Ů, Ű, Ū, Ū́, Ū̀, Ū̂, Ū̃, U̇̄, Ǖ, Ṻ, Ṳ̄, U̱",
    "y": "ÿ, ý, ȳ, ȳ́, ȳ̀, ȳ̃, y̱",
    "Y": "Ÿ, Ý, Ȳ, Ȳ́, Ȳ̀, Ȳ̃, Y̱",
    "z": "ź, ž, ż, z̄, ẕ",
    "Z": "Ź, Ž, Ż, Z̄, Ẕ",
}


@lru_cache(maxsize=1)
def _replacements() -> tuple[dict[str, str], re.Pattern[str]]:
    mapping: dict[str, str] = {}
    for plain, forms in TABLE.items():
        for form in (f.strip() for f in forms.split(",")):
            for variant in {form, unicodedata.normalize("NFC", form), unicodedata.normalize("NFD", form)}:
                mapping[variant] = plain
    alternatives = sorted(mapping, key=len, reverse=True)  # longest first: "ā́" before "ā"
    return mapping, re.compile("|".join(map(re.escape, alternatives)))


def normalize_diacritics(text: str) -> str:
    """Replace every character of the S28 table with its plain equivalent."""
    mapping, pattern = _replacements()
    return pattern.sub(lambda m: mapping[m.group()], unicodedata.normalize("NFC", text))


def _normalize(inv: Invocation, args: Sequence[Value]) -> Value:
    text = to_text(args[0], inv.name)
    return None if text is None else normalize_diacritics(text)


SPECS = (spec("NormalizeDiacritics", "source", _normalize),)
