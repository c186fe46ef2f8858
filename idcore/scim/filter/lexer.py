"""Split an RFC 7644 §3.4.2.2 filter (or a PATCH path) into tokens with their columns.

The lexer knows nothing of keywords: ``and``, ``eq`` or ``true`` are plain words and the parser
decides from their position what they mean, so an attribute called ``title`` next to an operator
called ``pr`` needs no special casing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import Enum

from idcore.scim.errors import InvalidFilter


class Kind(Enum):
    """The kinds of token a filter is made of."""

    WORD = "word"  # attribute path, operator, keyword or literal name
    STRING = "string"
    NUMBER = "number"
    SUB_ATTR = "subAttr"  # ".value" straight after "]"
    LPAREN = "("
    RPAREN = ")"
    LBRACKET = "["
    RBRACKET = "]"
    END = "end"


@dataclass(frozen=True)
class Token:
    """One token: its kind, its source text, its decoded value and its 0-based offset."""

    kind: Kind
    text: str
    position: int
    value: object = None


# ATTRNAME  = ALPHA *(nameChar)  ; nameChar = "-" / "_" / DIGIT / ALPHA
# "$" is admitted at the start because RFC 7643 names a sub-attribute "$ref".
# A word may carry a URI prefix ("urn:...:2.0:User:") and a ".subAttr", so ":" and "." are word chars.
_WORD = re.compile(r"[A-Za-z$][A-Za-z0-9_\-$:.]*")
_SUB_ATTR = re.compile(r"\.\$?[A-Za-z][A-Za-z0-9_\-]*")
# compValue = false / null / true / number / string  ; rules from JSON (RFC 7159)
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # no database or answer can hold these
_PUNCT = {"(": Kind.LPAREN, ")": Kind.RPAREN, "[": Kind.LBRACKET, "]": Kind.RBRACKET}


def filter_error(message: str, source: str, position: int) -> InvalidFilter:
    """Build an invalidFilter error whose detail points at a 1-based column."""
    return InvalidFilter(f"{message} at column {position + 1} in filter: {source}", position=position)


def tokenize(source: str) -> list[Token]:
    """Return the tokens of ``source``, ending with one END token; raise InvalidFilter on bad input."""
    tokens: list[Token] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char.isspace():
            i += 1
            continue
        if char in _PUNCT:
            tokens.append(Token(_PUNCT[char], char, i))
            i += 1
            continue
        if char == '"':
            tokens.append(_string(source, i))
        elif char == "." and tokens and tokens[-1].kind is Kind.RBRACKET:
            tokens.append(_match(_SUB_ATTR, Kind.SUB_ATTR, source, i, "Expected a sub-attribute name"))
        elif char == "-" or char.isdigit():
            token = _match(_NUMBER, Kind.NUMBER, source, i, "Malformed number")
            number = float(token.text) if any(c in token.text for c in ".eE") else int(token.text)
            tokens.append(Token(Kind.NUMBER, token.text, i, number))
        elif char.isalpha() or char == "$":
            tokens.append(_match(_WORD, Kind.WORD, source, i, "Malformed name"))
        else:
            raise filter_error(f"Unexpected character {char!r}", source, i)
        i += len(tokens[-1].text)
    tokens.append(Token(Kind.END, "", len(source)))
    return tokens


def _match(pattern: re.Pattern[str], kind: Kind, source: str, start: int, message: str) -> Token:
    found = pattern.match(source, start)
    if not found:
        raise filter_error(message, source, start)
    return Token(kind, found.group(), start, found.group())


def _string(source: str, start: int) -> Token:
    found = _STRING.match(source, start)
    if not found:
        raise filter_error("Unterminated string", source, start)
    text = found.group()
    try:
        value = json.loads(text)  # JSON escapes (RFC 7159 §7): \" \\ \/ \b \f \n \r \t \uXXXX
    except json.JSONDecodeError as exc:
        raise filter_error(f"Invalid string escape ({exc.msg})", source, start + exc.pos) from None
    if _UNSTORABLE.search(value):
        raise filter_error(
            "A string cannot hold NUL or a lone surrogate (\\u0000, \\ud800-\\udfff)", source, start
        )
    return Token(Kind.STRING, text, start, value)
