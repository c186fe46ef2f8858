"""Replace (S28): five modes chosen by which of its seven arguments are given, with .NET regular expressions.

    Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template)

| given                                            | result                                                     |
|--------------------------------------------------|------------------------------------------------------------|
| oldValue, replacementValue                       | every oldValue in source replaced (case-sensitive)         |
| oldValue, template                               | every oldValue in template replaced by source              |
| regexPattern, replacementValue                   | regex replace; `${group}` / `$1` refer to groups           |
| regexPattern, regexGroupName, replacementValue   | the spans of that group in every match replaced            |
| regexPattern, regexGroupName, replacementAttributeName | source if it has a value, else the group extracted from the attribute |

"Given" means not omitted: `""` is given (S28 example `Replace([mail], "@contoso.com", , ,"", ,)`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from ..values import Value, to_text
from .base import Invocation, spec

_NET_NAMED_GROUP = re.compile(r"\(\?<(?![=!])([A-Za-z_][A-Za-z0-9_]*)>|\(\?'([A-Za-z_][A-Za-z0-9_]*)'")
_NET_BACKREF = re.compile(r"\\k<([A-Za-z_][A-Za-z0-9_]*)>|\\k'([A-Za-z_][A-Za-z0-9_]*)'")
_NET_SUBSTITUTION = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*|\d+)\}|(\d+)|(\$)|(&))")


@lru_cache(maxsize=256)
def compile_dotnet(pattern: str) -> re.Pattern[str]:
    """Compile a .NET regular expression with Python's engine (named groups and \\k back-references rewritten)."""
    translated = _NET_NAMED_GROUP.sub(lambda m: f"(?P<{m.group(1) or m.group(2)}>", pattern)
    translated = _NET_BACKREF.sub(lambda m: f"(?P={m.group(1) or m.group(2)})", translated)
    return re.compile(translated)


def dotnet_substitution(replacement: str) -> Callable[[re.Match[str]], str]:
    """Turn a .NET replacement string (`${name}`, `$1`, `$$`, `$&`) into a function of the match."""

    def expand(match: re.Match[str]) -> str:
        def one(sub: re.Match[str]) -> str:
            group = sub.group(1) or sub.group(2)
            if group is not None:
                key: int | str = int(group) if group.isdigit() else group
                try:
                    return match.group(key) or ""
                except IndexError:
                    return sub.group(0)  # .NET leaves an unknown group reference as written
            return "$" if sub.group(3) else match.group(0)

        return _NET_SUBSTITUTION.sub(one, replacement)

    return expand


def replace(inv: Invocation, args: Sequence[Value]) -> Value:
    """S28 Replace."""
    padded = list(args) + [None] * (7 - len(args))
    source = to_text(padded[0], inv.name)
    old, pattern, group, replacement, attribute_value, template = (to_text(a, inv.name) for a in padded[1:])
    if old is not None and replacement is not None:
        return None if source is None else source.replace(old, replacement) if old else source
    if old is not None and template is not None:
        return None if source is None else template.replace(old, source) if old else template
    if pattern is not None:
        regex = _compile(inv, pattern)
        if group is not None and attribute_value is not None:
            if source:
                return source
            found = regex.search(attribute_value)
            return found.group(group) if found and _has_group(regex, group) else None
        if replacement is not None:
            if source is None:
                return None
            if group is not None:
                return _replace_group(inv, regex, group, source, replacement)
            return regex.sub(dotnet_substitution(replacement), source)
    inv.fail(
        "unsupported combination of arguments; give oldValue+replacementValue, oldValue+template, "
        "regexPattern+replacementValue, regexPattern+regexGroupName+replacementValue or "
        "regexPattern+regexGroupName+replacementAttributeName"
    )


def _compile(inv: Invocation, pattern: str) -> re.Pattern[str]:
    try:
        return compile_dotnet(pattern)
    except re.error as exc:
        inv.fail(f"invalid regexPattern {pattern!r}: {exc}")


def _has_group(regex: re.Pattern[str], group: str) -> bool:
    return group in regex.groupindex


def _replace_group(inv: Invocation, regex: re.Pattern[str], group: str, source: str, replacement: str) -> str:
    """Replace only the span of the named group inside each match."""
    if not _has_group(regex, group):
        inv.fail(f"regexGroupName {group!r} is not a group of the pattern")
    out: list[str] = []
    last = 0
    for match in regex.finditer(source):
        start, end = match.span(group)
        if start < 0 or (start == end and start < last):
            continue
        out.append(source[last:start])
        out.append(replacement)
        last = end
    out.append(source[last:])
    return "".join(out)


SPECS = (
    spec(
        "Replace",
        "source, [oldValue], [regexPattern], [regexGroupName], [replacementValue], [replacementAttributeName], "
        "[template]",
        replace,
    ),
)
