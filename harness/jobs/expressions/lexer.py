"""Tokenizer for Entra's VBA-like expression syntax (S28 "Syntax overview").

    token      = name | attribute | string | number | hex | "(" | ")" | "," | operator
    name       = letter { letter | digit | "_" }
    attribute  = "[" { any character except "]" } "]"
    string     = '"' { character | '\\"' | '\\\\' } '"'
    number     = [ "-" ] digit { digit } [ "." digit { digit } ]
    hex        = "&H" hexdigit { hexdigit }                 (S28 BitAnd example: BitAnd(&HF, &HF7))
    operator   = "=" | "<>" | ">=" | "<=" | ">" | "<"        (S28 IIF)

Whitespace (including new lines) separates tokens and is otherwise ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from .errors import ExpressionSyntaxError


class Kind(Enum):
    NAME = "name"
    ATTRIBUTE = "attribute"
    STRING = "string"
    NUMBER = "number"
    LPAREN = "("
    RPAREN = ")"
    COMMA = ","
    OPERATOR = "operator"
    END = "end of expression"


@dataclass(frozen=True)
class Token:
    kind: Kind
    value: str | int | float
    column: int


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_HEX = re.compile(r"&[Hh]([0-9A-Fa-f]+)")
_OPERATOR = re.compile(r"<>|>=|<=|=|>|<")
_PUNCT = {"(": Kind.LPAREN, ")": Kind.RPAREN, ",": Kind.COMMA}


def tokenize(text: str) -> list[Token]:
    """Split expression text into tokens, ending with an END token."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        column = pos + 1
        if char.isspace():
            pos += 1
        elif char in _PUNCT:
            tokens.append(Token(_PUNCT[char], char, column))
            pos += 1
        elif char == '"':
            value, pos = _read_string(text, pos)
            tokens.append(Token(Kind.STRING, value, column))
        elif char == "[":
            end = text.find("]", pos + 1)
            if end < 0:
                raise ExpressionSyntaxError("Attribute name is missing its closing ']'", text, column)
            name = text[pos + 1 : end]
            if not name.strip():
                raise ExpressionSyntaxError("Empty attribute name '[]'", text, column)
            tokens.append(Token(Kind.ATTRIBUTE, name, column))
            pos = end + 1
        elif m := _HEX.match(text, pos):
            tokens.append(Token(Kind.NUMBER, int(m.group(1), 16), column))
            pos = m.end()
        elif m := _NUMBER.match(text, pos):
            raw = m.group()
            tokens.append(Token(Kind.NUMBER, float(raw) if "." in raw else int(raw), column))
            pos = m.end()
        elif m := _NAME.match(text, pos):
            tokens.append(Token(Kind.NAME, m.group(), column))
            pos = m.end()
        elif m := _OPERATOR.match(text, pos):
            tokens.append(Token(Kind.OPERATOR, m.group(), column))
            pos = m.end()
        else:
            raise ExpressionSyntaxError(f"Unexpected character {char!r}", text, column)
    tokens.append(Token(Kind.END, "", len(text) + 1))
    return tokens


def _read_string(text: str, start: int) -> tuple[str, int]:
    """Read a double-quoted constant; S28: backslash escapes a backslash or a quote."""
    out: list[str] = []
    pos = start + 1
    while pos < len(text):
        char = text[pos]
        if char == '"':
            return "".join(out), pos + 1
        if char == "\\" and pos + 1 < len(text) and text[pos + 1] in '"\\':
            out.append(text[pos + 1])
            pos += 2
            continue
        # Any other backslash is kept as written (lenient: "\d" stays "\d" for regex patterns).
        out.append(char)
        pos += 1
    raise ExpressionSyntaxError("String constant is missing its closing quote", text, start + 1)
