"""Parse RFC 7644 §3.4.2.2 filters and §3.5.2 PATCH paths into the tree of :mod:`.ast`.

A recursive-descent parser with one function per precedence level. It refuses, as invalidFilter, a filter that
nests ``(``, ``not (`` or ``[`` deeper than ``FILTER_MAX_DEPTH`` or holds more than ``FILTER_MAX_CLAUSES``
comparisons (:mod:`idcore.limits`), so no filter can exhaust the stack of this parser or of what walks its tree. RFC 7644 §3.4.2.2 gives the
precedence as: grouping ``()`` and ``[]`` first, then ``not``, then ``and``, then ``or``. The ABNF
of RFC 7644 §3.4.2.2 (Figure 1) is quoted above the rule that implements it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from idcore.limits import FilterBudget, setting
from idcore.scim.filter.ast import (
    And,
    AttrPath,
    Compare,
    CompareOp,
    Filter,
    Not,
    Or,
    Present,
    Value,
    ValuePath,
)
from idcore.scim.filter.lexer import Kind, Token, filter_error, tokenize

_LITERALS: dict[str, Value] = {"true": True, "false": False, "null": None}
_OPERATORS = {op.value: op for op in CompareOp}
# ``attr op "string"`` with no escapes: the shape of nearly every filter a client sends (``userName eq "x"``),
# read in one match. Anything else (an escape, a control character, a URN, a sub-attribute) takes the parser.
_SIMPLE = re.compile(r'\s*([A-Za-z][A-Za-z0-9_-]*)\s+([A-Za-z]{2})\s+"([^"\\\x00-\x1f\ud800-\udfff]*)"\s*')


def parse_filter(text: str, *, lenient: bool = False) -> Filter:
    """Parse a filter expression; raise InvalidFilter with the offending column.

    ``lenient`` accepts a bare word as a string value (``externalId eq jyoung``), as an old
    Microsoft sample sent it.
    """
    simple = _SIMPLE.fullmatch(text)
    if simple is not None and simple.group(2).lower() in _OPERATORS and setting("FILTER_MAX_CLAUSES") >= 1:
        return Compare(AttrPath(simple.group(1)), _OPERATORS[simple.group(2).lower()], simple.group(3))
    parser = _Parser(text, lenient=lenient)
    result = parser.filter()
    parser.expect(Kind.END, "Unexpected trailing input")
    return result


@lru_cache(maxsize=4096)  # a job's mapping targets are parsed on every run; the result is immutable
def parse_path(text: str) -> AttrPath:
    """Parse a PATCH path; raise InvalidFilter (the PATCH layer re-raises it as invalidPath).

    RFC 7644 §3.5.2::

        PATH = attrPath / valuePath [subAttr]
    """
    parser = _Parser(text, lenient=False)
    word = parser.expect(Kind.WORD, "Expected an attribute name")
    path = parser.attr_path(word)
    if parser.peek.kind is Kind.LBRACKET:
        parser.advance()
        inner = parser.filter(inside_brackets=True)
        parser.expect(Kind.RBRACKET, "Expected ']'")
        sub = parser.advance().text[1:] if parser.peek.kind is Kind.SUB_ATTR else None
        if path.sub_attr:
            raise filter_error("A value filter cannot follow a sub-attribute", text, word.position)
        path = AttrPath(path.attr, sub, path.urn, inner)
    parser.expect(Kind.END, "Unexpected trailing input")
    return path


class _Parser:
    def __init__(self, text: str, *, lenient: bool) -> None:
        self.text = text
        self.lenient = lenient
        self.tokens = tokenize(text)
        self.index = 0
        self.budget = FilterBudget(lambda message: self.error(message))

    @property
    def peek(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind is not Kind.END:
            self.index += 1
        return token

    def expect(self, kind: Kind, message: str) -> Token:
        if self.peek.kind is not kind:
            raise self.error(message)
        return self.advance()

    def error(self, message: str, token: Token | None = None) -> Exception:
        token = token or self.peek
        found = f" (found {token.text!r})" if token.kind is not Kind.END else " (found end of input)"
        return filter_error(message + found, self.text, token.position)

    def at_keyword(self, *words: str) -> bool:
        return self.peek.kind is Kind.WORD and self.peek.text.lower() in words

    # FILTER    = attrExp / logExp / valuePath / *1"not" "(" FILTER ")"
    # logExp    = FILTER SP ("and" / "or") SP FILTER
    # Precedence (RFC 7644 §3.4.2.2): "or" binds loosest, so it is the entry rule.
    def filter(self, *, inside_brackets: bool = False) -> Filter:
        left = self.conjunction(inside_brackets)
        while self.at_keyword("or"):
            self.advance()
            left = Or(left, self.conjunction(inside_brackets))
        return left

    def conjunction(self, inside_brackets: bool) -> Filter:
        left = self.unary(inside_brackets)
        while self.at_keyword("and"):
            self.advance()
            left = And(left, self.unary(inside_brackets))
        return left

    # valFilter = attrExp / logExp / *1"not" "(" valFilter ")"
    def unary(self, inside_brackets: bool) -> Filter:
        token = self.peek
        if self.at_keyword("not") and self.tokens[self.index + 1].kind is Kind.LPAREN:
            self.advance()
            return Not(self.group(inside_brackets))
        if token.kind is Kind.LPAREN:
            return self.group(inside_brackets)
        if token.kind is Kind.WORD:
            return self.attribute_expression(inside_brackets)
        raise self.error("Expected an attribute name, 'not' or '('")

    def group(self, inside_brackets: bool) -> Filter:
        self.expect(Kind.LPAREN, "Expected '('")
        self.budget.enter()
        inner = self.filter(inside_brackets=inside_brackets)
        self.budget.leave()
        self.expect(Kind.RPAREN, "Expected ')'")
        return inner

    # attrExp   = (attrPath SP "pr") /
    #             (attrPath SP compareOp SP compValue)
    # valuePath = attrPath "[" valFilter "]"
    def attribute_expression(self, inside_brackets: bool) -> Filter:
        self.budget.clause()
        word = self.advance()
        path = self.attr_path(word)
        if self.peek.kind is Kind.LBRACKET:
            if inside_brackets:
                raise self.error("Value filters cannot be nested")
            if path.sub_attr:
                raise self.error("A value filter cannot follow a sub-attribute")
            self.advance()
            inner = self.filter(inside_brackets=True)
            self.expect(Kind.RBRACKET, "Expected ']'")
            if self.peek.kind is not Kind.SUB_ATTR:
                return ValuePath(path, inner)
            # Entra sends emails[type eq "work"].value eq "x": a valuePath with a subAttr, compared.
            path = AttrPath(path.attr, self.advance().text[1:], path.urn, inner)
        return self.comparison(path)

    def comparison(self, path: AttrPath) -> Filter:
        if self.peek.kind is not Kind.WORD:
            raise self.error("Expected an operator")
        op_token = self.advance()
        op_name = op_token.text.lower()
        if op_name == "pr":
            return Present(path)
        if op_name not in _OPERATORS:
            raise self.error(f"Unknown operator {op_token.text!r}", op_token)
        return Compare(path, _OPERATORS[op_name], self.comp_value())

    # compValue = false / null / true / number / string
    #             ; rules from JSON (RFC 7159)
    def comp_value(self) -> Value:
        token = self.peek
        if token.kind in (Kind.STRING, Kind.NUMBER):
            self.advance()
            return token.value  # type: ignore[return-value]
        if token.kind is Kind.WORD:
            if token.text.lower() in _LITERALS:
                self.advance()
                return _LITERALS[token.text.lower()]
            if self.lenient:
                self.advance()
                return token.text
        raise self.error("Expected a value (string, number, true, false or null)")

    # attrPath  = [URI ":"] ATTRNAME *1subAttr
    # subAttr   = "." ATTRNAME
    def attr_path(self, token: Token) -> AttrPath:
        text = token.text
        urn, _, rest = text.rpartition(":") if text.lower().startswith("urn:") else ("", "", text)
        parts = rest.split(".")
        if not rest or len(parts) > 2 or not all(_is_attr_name(part) for part in parts):
            raise filter_error(f"Invalid attribute path {text!r}", self.text, token.position)
        return AttrPath(parts[0], parts[1] if len(parts) == 2 else None, urn or None)


def _is_attr_name(name: str) -> bool:
    # ATTRNAME  = ALPHA *(nameChar) ; nameChar = "-" / "_" / DIGIT / ALPHA  (plus "$ref")
    body = name.removeprefix("$")
    return bool(body) and body[0].isalpha() and all(c.isalnum() or c in "-_" for c in body)
