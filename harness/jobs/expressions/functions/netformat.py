""".NET date and time formats, as FormatDateTime and CDate need them.

Custom specifiers implemented (S28 points to ".NET custom date and time format strings"): yyyy yy MMMM MMM MM M
dddd ddd dd d HH H hh h mm m ss s f…fffffff F…FFFFFFF tt t zzz zz z K, quoted literals ('…' or "…"), `\\x` escapes;
any other character is a literal (so the Z of "yyyyMMddHHmmss.fZ" is a literal Z, as in .NET). A one-character
format is a standard format (d D g G s u o O t T). The provisioning service runs in UTC, so a parsed offset is
converted to UTC (DateTimeStyles.RoundtripKind on a UTC host); a value without offset stays unspecified (naive).
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache

MONTHS = list(calendar.month_name)[1:]
DAYS = list(calendar.day_name)  # Monday first, as datetime.weekday()
STANDARD_FORMATS = {
    "d": "M/d/yyyy", "D": "dddd, MMMM d, yyyy", "g": "M/d/yyyy h:mm tt", "G": "M/d/yyyy h:mm:ss tt",
    "s": "yyyy-MM-ddTHH:mm:ss", "u": "yyyy-MM-dd HH:mm:ssZ", "o": "yyyy-MM-ddTHH:mm:ss.fffffffK",
    "O": "yyyy-MM-ddTHH:mm:ss.fffffffK", "t": "h:mm tt", "T": "h:mm:ss tt",
}  # fmt: skip
_SPECIFIER = re.compile(
    r"yyyy|yy|MMMM|MMM|MM|M|dddd|ddd|dd|d|HH|H|hh|h|mm|m|ss|s|f{1,7}|F{1,7}|tt|t|zzz|zz|z|K"
)


class FormatError(ValueError):
    """A value does not match its format, or a format is invalid."""


@lru_cache(maxsize=256)
def tokenize_format(fmt: str) -> tuple[tuple[str, str], ...]:
    """Split a .NET format string into ("spec", token) and ("lit", text) pieces."""
    fmt = STANDARD_FORMATS.get(fmt, fmt) if len(fmt) == 1 else fmt
    pieces: list[tuple[str, str]] = []
    pos = 0
    while pos < len(fmt):
        char = fmt[pos]
        if char in "'\"":
            end = fmt.find(char, pos + 1)
            if end < 0:
                raise FormatError(f"unterminated quoted literal in format {fmt!r}")
            pieces.append(("lit", fmt[pos + 1 : end]))
            pos = end + 1
        elif char == "\\" and pos + 1 < len(fmt):
            pieces.append(("lit", fmt[pos + 1]))
            pos += 2
        elif m := _SPECIFIER.match(fmt, pos):
            pieces.append(("spec", m.group()))
            pos = m.end()
        else:
            pieces.append(("lit", char))
            pos += 1
    return tuple(pieces)


def format_dotnet(value: datetime, fmt: str) -> str:
    """Format a datetime with a .NET format string."""
    return "".join(text if kind == "lit" else _render(value, text) for kind, text in tokenize_format(fmt))


def _offset(value: datetime, spec: str) -> str:
    delta = value.utcoffset() or timedelta(0)
    sign = "-" if delta < timedelta(0) else "+"
    minutes = abs(int(delta.total_seconds())) // 60
    hours, mins = divmod(minutes, 60)
    if spec == "zzz":
        return f"{sign}{hours:02d}:{mins:02d}"
    return f"{sign}{hours:02d}" if spec == "zz" else f"{sign}{hours}"


def _render(value: datetime, spec: str) -> str:
    hour12 = value.hour % 12 or 12
    simple = {
        "yyyy": f"{value.year:04d}", "yy": f"{value.year % 100:02d}", "MMMM": MONTHS[value.month - 1],
        "MMM": MONTHS[value.month - 1][:3], "MM": f"{value.month:02d}", "M": str(value.month),
        "dddd": DAYS[value.weekday()], "ddd": DAYS[value.weekday()][:3], "dd": f"{value.day:02d}",
        "d": str(value.day), "HH": f"{value.hour:02d}", "H": str(value.hour), "hh": f"{hour12:02d}",
        "h": str(hour12), "mm": f"{value.minute:02d}", "m": str(value.minute), "ss": f"{value.second:02d}",
        "s": str(value.second), "tt": "AM" if value.hour < 12 else "PM", "t": "A" if value.hour < 12 else "P",
    }  # fmt: skip
    if spec in simple:
        return simple[spec]
    if spec[0] in "fF":
        digits = f"{value.microsecond:06d}0"[: len(spec)]
        return digits if spec[0] == "f" else digits.rstrip("0")
    if spec == "K":
        if value.tzinfo is None:
            return ""
        return "Z" if value.utcoffset() == timedelta(0) else _offset(value, "zzz")
    return _offset(value if value.tzinfo else value.replace(tzinfo=UTC), spec)


_PARSE_PATTERNS = {
    "yyyy": r"(?P<year>\d{4})", "yy": r"(?P<year2>\d{2})", "MMMM": r"(?P<monthname>[A-Za-z]+)",
    "MMM": r"(?P<monthabbr>[A-Za-z]{3})", "MM": r"(?P<month>\d{2})", "M": r"(?P<month>\d{1,2})",
    "dddd": r"[A-Za-z]+", "ddd": r"[A-Za-z]{3}", "dd": r"(?P<day>\d{2})", "d": r"(?P<day>\d{1,2})",
    "HH": r"(?P<hour>\d{2})", "H": r"(?P<hour>\d{1,2})", "hh": r"(?P<hour12>\d{2})", "h": r"(?P<hour12>\d{1,2})",
    "mm": r"(?P<minute>\d{2})", "m": r"(?P<minute>\d{1,2})", "ss": r"(?P<second>\d{2})",
    "s": r"(?P<second>\d{1,2})", "tt": r"(?P<ampm>[AaPp][Mm])", "t": r"(?P<ampm>[AaPp])",
    "zzz": r"(?P<offset>[+-]\d{2}:\d{2})", "zz": r"(?P<offset>[+-]\d{2})", "z": r"(?P<offset>[+-]\d{1,2})",
    "K": r"(?P<offset>Z|[+-]\d{2}:\d{2})?",
}  # fmt: skip


@lru_cache(maxsize=256)
def _parse_regex(fmt: str) -> re.Pattern[str]:
    parts: list[str] = []
    seen: set[str] = set()
    for kind, text in tokenize_format(fmt):
        if kind == "lit":
            parts.append(re.escape(text))
        elif text[0] in "fF":
            parts.append(
                rf"(?P<fraction>\d{{{len(text)}}})"
                if text[0] == "f"
                else rf"(?P<fraction>\d{{0,{len(text)}}})"
            )
        else:
            pattern = _PARSE_PATTERNS[text]
            group = re.search(r"\?P<(\w+)>", pattern)
            if group and group.group(1) in seen:
                raise FormatError(f"format {fmt!r} repeats the {group.group(1)} field")
            if group:
                seen.add(group.group(1))
            parts.append(pattern)
    return re.compile("".join(parts), re.IGNORECASE)


def parse_dotnet(text: str, fmt: str) -> datetime:
    """Parse text that must match a .NET format exactly (ParseExact); leading/trailing white space allowed."""
    match = _parse_regex(fmt).fullmatch(text.strip())
    if match is None:
        raise FormatError(f"{text!r} does not match the format {fmt!r}")
    fields = {k: v for k, v in match.groupdict().items() if v is not None}
    return _build(fields)


def _build(fields: dict[str, str]) -> datetime:
    year = int(fields.get("year", "1"))
    if "year2" in fields:  # .NET's default two-digit-year window: 00-29 → 20xx, 30-99 → 19xx
        year = int(fields["year2"]) + (2000 if int(fields["year2"]) < 30 else 1900)
    month = int(fields.get("month", "1"))
    for name_key, names in (("monthname", MONTHS), ("monthabbr", [m[:3] for m in MONTHS])):
        if name_key in fields:
            lowered = [n.lower() for n in names]
            if fields[name_key].lower() not in lowered:
                raise FormatError(f"unknown month {fields[name_key]!r}")
            month = lowered.index(fields[name_key].lower()) + 1
    hour = int(fields.get("hour", "0"))
    if "hour12" in fields:
        hour = int(fields["hour12"]) % 12
        if fields.get("ampm", "a").lower().startswith("p"):
            hour += 12
    micro = int((fields.get("fraction", "") + "000000")[:6] or 0)
    try:
        value = datetime(year, month, int(fields.get("day", "1")), hour, int(fields.get("minute", "0")),
                         int(fields.get("second", "0")), micro)  # fmt: skip
    except ValueError as exc:
        raise FormatError(str(exc)) from exc
    offset = fields.get("offset")
    if offset:
        value = value.replace(tzinfo=parse_offset(offset)).astimezone(UTC)
    return value


def parse_offset(text: str) -> timezone:
    """Read "Z", "+08:00", "-0700", "+08" or "-7" as a fixed offset."""
    if text.upper() == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (int(digits[:-2] or 0), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


_ISO = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.(?P<fraction>\d+))?)?)?"
    r"\s*(?P<offset>Z|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
_US = re.compile(
    r"(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})"
    r"(?:\s+(?P<hour12>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<ampm>[AP]M)?)?"
    r"\s*(?P<offset>Z|[+-]\d{2}:?\d{2})?",
    re.IGNORECASE,
)


def parse_date(text: str) -> datetime:
    """Parse what CDate accepts: ISO 8601 (with or without time/offset) and `M/d/yyyy h:mm:ss tt`; UTC result.

    A value without an offset is taken as UTC (the service's local time).
    """
    text = text.strip()
    match = _ISO.fullmatch(text) or _US.fullmatch(text)
    if match is None:
        raise FormatError(f"{text!r} is not a recognised date/time")
    fields = {k: v for k, v in match.groupdict().items() if v is not None}
    if "hour12" in fields and "ampm" not in fields:
        fields["hour"] = fields.pop("hour12")
    value = _build(fields)
    return value if value.tzinfo else value.replace(tzinfo=UTC)
