"""String functions: Append, Join, Left, Mid, Word, InStr, StripSpaces, ToLower, ToUpper, PCase, Split, CStr (S28)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from ..values import Value, scalar_text, to_int, to_text
from .base import Invocation, spec


def append(inv: Invocation, args: Sequence[Value]) -> Value:
    source, suffix = (to_text(a, inv.name) for a in args)
    if source is None and suffix is None:
        return None
    return (source or "") + (suffix or "")


def join(inv: Invocation, args: Sequence[Value]) -> Value:
    """S28 Join: multi-valued sources contribute every value; empty parts skipped per EvalSettings."""
    separator = to_text(args[0], inv.name) or ""
    skip_empty = inv.ctx.settings.join_skip_empty
    parts: list[str] = []
    present = False
    for value in args[1:]:
        for item in value if isinstance(value, list) else [value]:
            text = scalar_text(item)
            if text is None:
                continue
            present = True
            if text or not skip_empty:
                parts.append(text)
    return separator.join(parts) if present else None


def left(inv: Invocation, args: Sequence[Value]) -> Value:
    """S28 Left: 0 → "", < 0 → the input, null → "", shorter → the whole string."""
    text = to_text(args[0], inv.name)
    count = to_int(args[1], inv.name, "NumChars")
    if text is None or count == 0:
        return ""
    return text if count < 0 else text[:count]


def mid(inv: Invocation, args: Sequence[Value]) -> Value:
    """S28 Mid: start is 1-based; a length past the end returns up to the end."""
    text = to_text(args[0], inv.name)
    start = to_int(args[1], inv.name, "start")
    length = to_int(args[2], inv.name, "length")
    if start < 1:
        inv.fail(f"start is 1-based and must be at least 1, got {start}")
    if length < 0:
        inv.fail(f"length must not be negative, got {length}")
    if text is None:
        return None
    return text[start - 1 : start - 1 + length]


def word(inv: Invocation, args: Sequence[Value]) -> Value:
    """S28 Word: the WordNumber-th (1-based) run of characters between any of the delimiters, else ""."""
    text = to_text(args[0], inv.name)
    number = to_int(args[1], inv.name, "WordNumber")
    delimiters = to_text(args[2], inv.name) or ""
    if text is None or number < 1:
        return ""
    words = [w for w in re.split(f"[{re.escape(delimiters)}]", text) if w] if delimiters else [text]
    return words[number - 1] if number <= len(words) else ""


def in_str(inv: Invocation, args: Sequence[Value]) -> Value:
    """S28 InStr: 1-based position of value2 in value1 from start, 0 if absent; vbTextCompare ignores case."""
    haystack = to_text(args[0], inv.name)
    needle = to_text(args[1], inv.name)
    start = 1 if len(args) < 3 or args[2] is None else to_int(args[2], inv.name, "start")
    compare = _compare_type(inv, args[3] if len(args) > 3 else None)
    if start < 1:
        inv.fail(f"start is 1-based and must be at least 1, got {start}")
    if haystack is None or needle is None:
        return None
    if compare == 1:
        haystack, needle = haystack.casefold(), needle.casefold()
    return haystack.find(needle, start - 1) + 1


def _compare_type(inv: Invocation, value: Value) -> int:
    if value is None:
        return 0  # vbBinaryCompare, VBA's default
    text = to_text(value, inv.name)
    names = {"vbbinarycompare": 0, "vbtextcompare": 1, "0": 0, "1": 1}
    if text is None or text.lower() not in names:
        inv.fail(f"compareType must be vbTextCompare or vbBinaryCompare, got {text!r}")
    return names[text.lower()]


def strip_spaces(inv: Invocation, args: Sequence[Value]) -> Value:
    text = to_text(args[0], inv.name)
    return None if text is None else text.replace(" ", "")


def _map_case(text: str, upper: bool, culture: str | None) -> str:
    """Invariant-culture case mapping: one character in, one out (so ß stays ß, as in .NET)."""
    turkic = bool(culture) and culture.lower().split("-")[0] in ("tr", "az")  # type: ignore[union-attr]
    out = []
    for char in text:
        if turkic and char in "iI":
            out.append({"i": "İ", "I": "I"}[char] if upper else {"i": "i", "I": "ı"}[char])
            continue
        mapped = char.upper() if upper else char.lower()
        out.append(mapped if len(mapped) == 1 else char)
    return "".join(out)


def _case(upper: bool):
    def convert(inv: Invocation, args: Sequence[Value]) -> Value:
        text = to_text(args[0], inv.name)
        culture = to_text(args[1], inv.name) if len(args) > 1 else None
        return None if text is None else _map_case(text, upper, culture)

    return convert


# S28 PCase remarks: without wordSeparators, .NET ToTitleCase's separators — these Unicode categories.
_TITLE_SEPARATOR_CATEGORIES = {
    "Zs",
    "Zl",
    "Zp",
    "Cc",
    "Cf",
    "Pc",
    "Pd",
    "Ps",
    "Pe",
    "Pi",
    "Pf",
    "Po",
    "Sm",
    "Sc",
    "Sk",
    "So",
}


def pcase(inv: Invocation, args: Sequence[Value]) -> Value:
    """S28 PCase: first character of each word upper case, all others lower case."""
    text = to_text(args[0], inv.name)
    separators = to_text(args[1], inv.name) if len(args) > 1 else None
    if text is None:
        return None
    lowered = _map_case(text, upper=False, culture=None)
    out: list[str] = []
    at_word_start = True
    for i, char in enumerate(lowered):
        if separators is not None:
            is_separator = char in separators
        else:
            # .NET ToTitleCase keeps an apostrophe between letters inside the word ("don't" → "Don't").
            inner_apostrophe = (
                char == "'" and 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()
            )
            is_separator = unicodedata.category(char) in _TITLE_SEPARATOR_CATEGORIES and not inner_apostrophe
        if is_separator:
            out.append(char)
            at_word_start = True
        else:
            out.append(_map_case(char, upper=True, culture=None) if at_word_start else char)
            at_word_start = False
    return "".join(out)


def split(inv: Invocation, args: Sequence[Value]) -> Value:
    """S28 Split: a string into a multi-valued array on the delimiter."""
    text = to_text(args[0], inv.name)
    delimiter = to_text(args[1], inv.name)
    if text is None:
        return None
    parts = text.split(delimiter) if delimiter else [text]
    return [p.strip() for p in parts] if inv.ctx.settings.split_trim_values else parts


def cstr(inv: Invocation, args: Sequence[Value]) -> Value:
    return to_text(args[0], inv.name)


SPECS = (
    spec("Append", "source, suffix", append),
    spec("Join", "separator, source1, source2, ...", join, 2),
    spec("Left", "String, NumChars", left),
    spec("Mid", "source, start, length", mid),
    spec("Word", "String, WordNumber, Delimiters", word),
    spec("InStr", "value1, value2, [start], [compareType]", in_str),
    spec("StripSpaces", "source", strip_spaces),
    spec("ToLower", "source, [culture]", _case(upper=False)),
    spec("ToUpper", "source, [culture]", _case(upper=True)),
    spec("PCase", "source, [wordSeparators]", pcase),
    spec("Split", "source, delimiter", split),
    spec("CStr", "value", cstr),
)
