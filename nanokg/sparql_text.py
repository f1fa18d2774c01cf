"""SPARQL as text: a lexer, the query form, and parameters written into the query.

Remote SPARQL servers cannot take parameters as SEP-0007 substitutions the way the local Oxigraph
engine does, so a saved query sent to them carries its parameter values in its text. The values
are RDF terms, written in their own syntax (an IRI cannot contain ``>`` or a space, a literal is
one quoted and escaped token), and they replace variable tokens only — never text inside strings,
IRIs or comments — so a value can never change the query's structure. As with a substitution,
a parameter stays in the answer: ``SELECT ?drug`` becomes ``SELECT (<iri> AS ?drug)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from pyoxigraph import BlankNode, NamedNode
from pyoxigraph import Literal as RdfLiteral

from nanokg.errors import QueryError

__all__ = ["Token", "tokens", "query_form", "undeclared_prefix", "missing_form", "inline_parameters"]

QueryForm = Literal["SELECT", "CONSTRUCT", "DESCRIBE", "ASK"]

# Any character from U+00C0 on may be part of a name (SPARQL's PN_CHARS_BASE, roughly): written as
# a negated class, because a class holding the range U+00C0-U+FFFF takes re ~2 ms to compile, and
# the command line compiles this pattern on every run.
_NON_ASCII = r"[^\x00-\xBF]"
_NAME = rf"(?:[A-Za-z0-9_\u00B7]|{_NON_ASCII})"
_NAME_REST = rf"(?:[\w\u00B7.-]|{_NON_ASCII})"
_LOCAL_REST = rf"(?:[\w\u00B7.:%\\-]|{_NON_ASCII})"
_TOKEN = re.compile(
    r'(?P<space>\s+)'
    r'|(?P<comment>#[^\n]*)'
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    rf'|(?P<var>[?$]{_NAME}+)'
    r'|(?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)'
    rf'|(?P<word>(?:{_NAME}{_NAME_REST}*)?:{_LOCAL_REST}*|{_NAME}{_NAME_REST}*)'
    r'|(?P<punct>\^\^|&&|\|\||<=|>=|!=|.)',
    re.DOTALL,
)
_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}


@dataclass(frozen=True)
class Token:
    kind: str
    text: str

    @property
    def keyword(self) -> str:
        """The upper-cased word, for comparing keywords (SPARQL keywords ignore case)."""
        return self.text.upper() if self.kind == "word" else ""


def tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text``; joining their texts gives ``text`` back."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        assert kind is not None
        yield Token(kind, match.group())


def query_form(text: str) -> QueryForm | None:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the first such keyword after the prologue (None: not a query)."""
    for token in tokens(text):
        if token.keyword in _FORMS:
            return token.keyword  # type: ignore[return-value]
    return None


def _placed(text: str) -> Iterator[tuple[Token, int, int]]:
    """The tokens of ``text`` with the line and column (1-based) where each starts."""
    line, column = 1, 1
    for token in tokens(text):
        yield token, line, column
        newlines = token.text.count("\n")
        line += newlines
        column = len(token.text) - token.text.rfind("\n") if newlines else column + len(token.text)


def undeclared_prefix(text: str, known: Collection[str] = ()) -> tuple[str, int, int] | None:
    """The first prefix ``text`` uses but neither declares nor finds in ``known``, with the line
    and column (1-based) of its first use; None when every prefix is declared."""
    declared, previous = set(known), ""
    for token, line, column in _placed(text):
        if token.kind == "word" and ":" in token.text:
            prefix = token.text.split(":", 1)[0]
            if previous == "PREFIX":
                declared.add(prefix)
            elif prefix not in declared and prefix != "_":
                return prefix, line, column
        if token.kind not in ("space", "comment"):
            previous = token.keyword
    return None


def missing_form(text: str) -> tuple[str, int, int] | None:
    """The first word after the prologue, with its place, when it is not SELECT, CONSTRUCT, ASK or
    DESCRIBE (a misspelt keyword, or an update); None when the query has its form."""
    previous = ""
    for token, line, column in _placed(text):
        if token.kind in ("space", "comment", "iri"):
            continue
        if token.keyword in _FORMS:
            return None
        if token.keyword not in ("PREFIX", "BASE") and previous != "PREFIX":
            return token.text, line, column
        previous = token.keyword
    return None


def _term_text(name: str, term: object) -> str:
    if isinstance(term, BlankNode) or not isinstance(term, (NamedNode, RdfLiteral)):
        raise QueryError(f"parameter ?{name} must be an IRI or a literal to be sent to a remote endpoint")
    return str(term)


_CLAUSE_ENDS = {"WHERE", "FROM", "HAVING", "LIMIT", "OFFSET", "VALUES"}


@dataclass
class _Select:
    """One SELECT of the query: how deep its group starts, and what its projection names."""

    brace_depth: int
    projected: set[str] = field(default_factory=set)
    star: bool = False
    projected_by_subqueries: set[str] = field(default_factory=set)
    # Inside FILTER EXISTS, FILTER NOT EXISTS or MINUS: what it projects stays out of the outer scope.
    hidden: bool = False

    @property
    def subquery(self) -> bool:
        return self.brace_depth > 0

    def exposes(self, name: str) -> bool:
        return self.star or name in self.projected

    def keeps(self, parameters: Collection[str]) -> bool:
        """Whether parameters stay in this SELECT's projection. The query's own SELECT keeps them
        (they are columns of the answer); a subquery drops them, as the value stands in for the
        variable wherever it occurs, unless they are all it projects (a projection is never empty)."""
        return not self.subquery or self.projected <= set(parameters)

    def brings_into_scope(self, parameters: Collection[str]) -> set[str]:
        """The variables this subquery binds in the group around it."""
        if self.hidden:
            return set()
        return set(self.projected) if self.keeps(parameters) else self.projected - set(parameters)


class _Scan:
    """Walks the tokens keeping track of parentheses, braces, clauses and open SELECTs."""

    def __init__(self) -> None:
        self.paren_depth = 0
        self.brace_depth = 0
        self.open: list[_Select] = []
        self.clause: tuple[str, int] | None = None
        self.previous = ""
        # brace depths of the open FILTER EXISTS / NOT EXISTS / MINUS groups
        self.hiding: list[int] = []
        self.hiding_next_group = False

    def step(self, token: Token, select: Callable[[int], _Select]) -> _Select | None:
        """Advance over ``token``; returns a SELECT that the token closed, if any."""
        finished = None
        keyword = token.keyword
        if token.text == "(":
            self.paren_depth += 1
        elif token.text == ")":
            self.paren_depth -= 1
        elif token.text == "{":
            self.brace_depth += 1
            self.clause = None
            if self.hiding_next_group:
                self.hiding.append(self.brace_depth)
                self.hiding_next_group = False
        elif token.text == "}":
            if self.open and self.open[-1].brace_depth >= self.brace_depth:
                finished = self.open.pop()
                around = self.open[-1].brace_depth if self.open else -1
                finished.hidden = any(depth > around for depth in self.hiding)
            if self.hiding and self.hiding[-1] == self.brace_depth:
                self.hiding.pop()
            self.brace_depth -= 1
        elif keyword in ("EXISTS", "MINUS"):
            self.hiding_next_group = True
        elif keyword == "SELECT":
            self.open.append(select(self.brace_depth))
            self.clause = ("projection", self.paren_depth)
        elif keyword == "BY" and self.previous in ("GROUP", "ORDER"):
            self.clause = ("condition", self.paren_depth)
        elif keyword in _CLAUSE_ENDS:
            self.clause = None
        if token.kind not in ("space", "comment"):
            self.previous = keyword
        return finished

    def in_projection(self, token: Token) -> bool:
        """Whether ``token`` is projected: a plain variable of the SELECT clause, or after AS."""
        return self.clause is not None and self.clause[0] == "projection" and (
            self.clause[1] == self.paren_depth or self.previous == "AS")


def _selects(parts: list[Token], parameters: Collection[str]) -> list[_Select]:
    """Every SELECT in text order, with what it and its direct subqueries project."""
    selects: list[_Select] = []

    def new(depth: int) -> _Select:
        selects.append(_Select(depth))
        return selects[-1]

    scan = _Scan()
    for token in parts:
        projected = token.kind == "var" and scan.in_projection(token)
        star = token.text == "*" and scan.in_projection(token)
        if projected:
            scan.open[-1].projected.add(token.text[1:])
        elif star:
            scan.open[-1].star = True
        finished = scan.step(token, new)
        if finished is not None and scan.open:
            scan.open[-1].projected_by_subqueries |= finished.brings_into_scope(parameters)
    return selects


class _Writer:
    """Rewrites the parameters' variable tokens with their values, as SEP-0007 substitutes them.

    A variable inside a subquery is the outer one only if the subquery projects it; otherwise it
    is the subquery's own and keeps its name. In the query's projection a parameter becomes
    ``(value AS ?name)`` so it stays in the answer — unless a subquery already projects it into
    scope; a subquery's projection drops it (see ``_Select.keeps``). In GROUP BY and ORDER BY it
    becomes ``(value)`` (a bare IRI there would read as a function call); anywhere else, the value.
    """

    def __init__(self, values: Mapping[str, str], selects: list[_Select]) -> None:
        self.values = values
        self.selects = iter(selects)
        self.scan = _Scan()
        self.star_projection = False

    def write(self, token: Token) -> str:
        text = token.text
        if token.kind == "var" and token.text[1:] in self.values:
            text = self.variable(token.text[1:], self.scan.in_projection(token))
        elif token.text == "*" and self.scan.in_projection(token) and not self.scan.open[-1].subquery:
            self.star_projection = True
        self.scan.step(token, lambda depth: next(self.selects))
        return text

    def variable(self, name: str, projected: bool) -> str:
        if not all(select.exposes(name) for select in self.scan.open if select.subquery):
            return f"?{name}"
        value = self.values[name]
        if projected:
            select = self.scan.open[-1]
            if not select.keeps(self.values) and self.scan.previous != "AS":
                return ""
            if name in select.projected_by_subqueries:
                return f"?{name}"
            return f"({value} AS ?{name})"
        clause = self.scan.clause
        if clause is not None and clause[0] == "condition" and clause[1] == self.scan.paren_depth:
            return f"({value})"
        return value


def inline_parameters(sparql: str, bindings: Mapping[str, object]) -> str:
    """``sparql`` with each bound variable replaced by its term, as a SEP-0007 substitution would."""
    if not bindings:
        return sparql
    parts = list(tokens(sparql))
    writer = _Writer({name: _term_text(name, term) for name, term in bindings.items()}, _selects(parts, bindings))
    text = "".join(writer.write(token) for token in parts)
    if writer.star_projection:
        raise QueryError(
            "parameters cannot be written into a SELECT * query for a remote endpoint",
            hint="list the variables in the SELECT clause, parameters included",
        )
    return text
