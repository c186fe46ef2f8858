"""Date functions: CDate, DateAdd, DateDiff, DateFromNum, NumFromDate, FormatDateTime, Now (S28).

Dates travel as timezone-aware datetimes and leave an evaluation as `M/d/yyyy h:mm:ss tt` in UTC. Now() reads the
context's clock. DateDiff counts boundaries crossed, as VBA does: S28's table gives -493 weeks between
8/25/2021 5:41:18 PM and 2012-03-16-07:00 (Sundays crossed), not the -492 of truncated division.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from ..values import Value, format_datetime, to_int, to_text
from .base import Invocation, spec
from .netformat import FormatError, format_dotnet, parse_date, parse_dotnet

INTERVALS = ("yyyy", "m", "d", "ww", "h", "n", "s")  # S28 DateAdd/DateDiff interval values
_UNIT_NAMES = {
    "yyyy": "years",
    "m": "months",
    "d": "days",
    "ww": "weeks",
    "h": "hours",
    "n": "minutes",
    "s": "seconds",
}
#: .NET's DateTime (and Python's datetime) holds the years 1 to 9999.
OUT_OF_RANGE = "falls outside the dates a DateTime can hold (years 1 to 9999)"
FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)  # AD dates count 100 ns ticks from 1601 (UTC)
DATETIME_STYLES = {
    "none", "allowleadingwhite", "allowtrailingwhite", "allowinnerwhite", "allowwhitespaces", "nocurrentdatedefault",
    "adjusttouniversal", "assumelocal", "assumeuniversal", "roundtripkind",
}  # fmt: skip


def as_date(inv: Invocation, value: Value, parameter: str) -> datetime | None:
    """Read a DateTime argument: a date from CDate/Now/DateAdd, or a string CDate accepts."""
    if value is None or isinstance(value, datetime):
        return value
    text = to_text(value, inv.name)
    if text is None:
        return None
    try:
        return parse_date(text)
    except FormatError as exc:
        inv.fail(f"{parameter}: {exc}")


def cdate(inv: Invocation, args: Sequence[Value]) -> Value:
    """S28 CDate: "2020-03-16-07:00" → 3/16/2020 7:00:00 AM (UTC)."""
    return as_date(inv, args[0], "expression")


def now(inv: Invocation, args: Sequence[Value]) -> Value:
    value = inv.ctx.now()
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _interval(inv: Invocation, value: Value) -> str:
    text = to_text(value, inv.name)
    if text not in INTERVALS:
        inv.fail(f"interval must be one of {', '.join(INTERVALS)}; got {text!r}")
    return text


def add_months(value: datetime, months: int) -> datetime:
    """Add months as .NET AddMonths does: the day is clamped to the end of the target month."""
    index = value.month - 1 + months
    year, month = value.year + index // 12, index % 12 + 1
    return value.replace(year=year, month=month, day=min(value.day, calendar.monthrange(year, month)[1]))


def date_add(inv: Invocation, args: Sequence[Value]) -> Value:
    interval = _interval(inv, args[0])
    amount = to_int(args[1], inv.name, "value")
    start = as_date(inv, args[2], "dateTime")
    if start is None:
        return None
    try:
        if interval in ("yyyy", "m"):
            return add_months(start, amount * (12 if interval == "yyyy" else 1))
        unit = {"d": timedelta(days=1), "ww": timedelta(weeks=1), "h": timedelta(hours=1),
                "n": timedelta(minutes=1), "s": timedelta(seconds=1)}[interval]  # fmt: skip
        return start + amount * unit
    except (OverflowError, ValueError):
        inv.fail(f"adding {amount} {_UNIT_NAMES[interval]} to {format_datetime(start)} {OUT_OF_RANGE}")


def _boundaries(interval: str, first: datetime, second: datetime) -> int:
    if interval == "yyyy":
        return second.year - first.year
    if interval == "m":
        return (second.year - first.year) * 12 + second.month - first.month
    if interval == "d":
        return (second.date() - first.date()).days
    if interval == "ww":
        sunday = lambda d: d.toordinal() - d.toordinal() % 7
        return (sunday(second.date()) - sunday(first.date())) // 7
    size = {"h": 3600, "n": 60, "s": 1}[interval]
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    return int((second - epoch).total_seconds() // size) - int((first - epoch).total_seconds() // size)


def date_diff(inv: Invocation, args: Sequence[Value]) -> Value:
    """S28 DateDiff: date2 − date1 in interval units (positive when date2 is later)."""
    interval = _interval(inv, args[0])
    first, second = as_date(inv, args[1], "date1"), as_date(inv, args[2], "date2")
    if first is None or second is None:
        return None
    utc = lambda d: d.astimezone(UTC) if d.tzinfo else d.replace(tzinfo=UTC)
    return _boundaries(interval, utc(first), utc(second))


def date_from_num(inv: Invocation, args: Sequence[Value]) -> Value:
    """S28 DateFromNum: AD's 100-ns ticks since 1601 → DateTime (129699324000000000 → 1/1/2012 11:00 PM)."""
    if args[0] is None:
        return None
    ticks = to_int(args[0], inv.name, "value")
    try:
        return FILETIME_EPOCH + timedelta(microseconds=ticks // 10)
    except OverflowError:
        inv.fail(f"{ticks} ticks after 1/1/1601 {OUT_OF_RANGE}")


def num_from_date(inv: Invocation, args: Sequence[Value]) -> Value:
    """S28 NumFromDate: an ISO 8601 date → AD's integer format (accountExpires)."""
    value = as_date(inv, args[0], "value")
    if value is None:
        return None
    delta = value.astimezone(UTC) - FILETIME_EPOCH
    return (delta.days * 86_400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


def format_date_time(inv: Invocation, args: Sequence[Value]) -> Value:
    """S28 FormatDateTime(source, dateTimeStyles, inputFormat, outputFormat)."""
    source, styles, input_format, output_format = (to_text(a, inv.name) for a in args)
    for style in (styles or "").replace("|", ",").split(","):
        if style.strip() and style.strip().split(".")[-1].lower() not in DATETIME_STYLES:
            inv.fail(f"unknown dateTimeStyles value {style.strip()!r}")
    if not input_format or not output_format:
        inv.fail("inputFormat and outputFormat are required")
    if source is None:
        return None
    try:
        return format_dotnet(parse_dotnet(source, input_format), output_format)
    except FormatError as exc:
        inv.fail(str(exc))


SPECS = (
    spec("CDate", "expression", cdate),
    spec("Now", "", now),
    spec("DateAdd", "interval, value, dateTime", date_add),
    spec("DateDiff", "interval, date1, date2", date_diff),
    spec("DateFromNum", "value", date_from_num),
    spec("NumFromDate", "value", num_from_date),
    spec("FormatDateTime", "source, [dateTimeStyles], inputFormat, outputFormat", format_date_time, 4, 4),
)
