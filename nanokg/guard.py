"""What a served query may do: read the graph, and call only the SERVICE endpoints allowed.

pyoxigraph would follow any ``SERVICE <http://...>`` clause with an HTTP request from the server,
which would let anyone who can reach the endpoint make the server fetch arbitrary addresses. A
query that names SERVICE is therefore parsed (with rdflib's SPARQL parser, which resolves prefixes)
and refused unless every SERVICE IRI is on the allow-list; ``SERVICE ?variable`` is always refused
because its target is only known while the query runs.

Updates never reach the store (it is opened read-only and the query call does not accept them);
this module turns the parser error an update text would produce into a clear refusal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from nanokg.errors import QueryError
from nanokg.workers import QuerySyntaxError

__all__ = ["ForbiddenQuery", "ServicePolicy", "check_services", "update_refusal"]

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Every SERVICE clause spells the keyword, so a query without it needs no parse.
_SERVICE_KEYWORD = re.compile(r"service", re.IGNORECASE)


class ForbiddenQuery(QueryError):
    """The query is well-formed but asks for something this server does not do."""


@dataclass(frozen=True)
class ServicePolicy:
    """The hosts SERVICE clauses may call: ``host`` (any port) or ``host:port`` entries."""

    allowed: frozenset[str] = frozenset()

    @classmethod
    def of(cls, entries: Iterable[str]) -> ServicePolicy:
        return cls(frozenset(entry.strip().lower() for entry in entries if entry.strip()))

    def allows(self, iri: str) -> bool:
        parts = urlsplit(iri)
        if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
            return False
        try:
            port = parts.port or _DEFAULT_PORTS[parts.scheme]
        except ValueError:
            return False
        host = parts.hostname.lower()
        return host in self.allowed or f"{host}:{port}" in self.allowed

    def describe(self) -> str:
        return ", ".join(sorted(self.allowed)) if self.allowed else "none"


def _service_targets(query: str) -> Iterator[object]:
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        algebra = translateQuery(parseQuery(query)).algebra
    except Exception as error:  # rdflib raises pyparsing and plain exceptions alike
        # The query may also be fine for pyoxigraph, but an unchecked SERVICE never runs.
        raise QuerySyntaxError(
            f"cannot parse the query to check its SERVICE clauses: {error}",
            hint="write SERVICE <http://allowed.host/sparql> { ... } in plain SPARQL 1.1",
        ) from None
    pending: list[object] = [algebra]
    while pending:
        node = pending.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                yield node.get("term")
            pending.extend(node.values())
        elif isinstance(node, (list, tuple)):
            pending.extend(node)


def check_services(query: str, policy: ServicePolicy) -> None:
    """Raise ``ForbiddenQuery`` unless every SERVICE clause of ``query`` calls an allowed host."""
    if not _SERVICE_KEYWORD.search(query):
        return
    from rdflib.term import Variable

    for target in _service_targets(query):
        iri = str(target)
        if isinstance(target, Variable):
            raise ForbiddenQuery(
                f"SERVICE ?{iri} is not allowed: a variable endpoint cannot be checked before the query runs",
                hint="name the endpoint: SERVICE <http://allowed.host/sparql> { ... }",
            )
        if not policy.allows(iri):
            raise ForbiddenQuery(
                f"SERVICE <{iri}> is not allowed: this server calls only these hosts: {policy.describe()}",
                hint="start the server with --allow-service HOST[:PORT] to allow a federated endpoint",
            )


def _operation_name(name: str) -> str:
    if name == "Modify":
        return "DELETE/INSERT"
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).upper()


def update_refusal(text: str) -> ForbiddenQuery | None:
    """If ``text`` is a SPARQL Update (which a query parser rejects), the refusal to send instead."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parsed = parseUpdate(text)
    except Exception:  # not an update either: the query parser's message stands
        return None
    operations = ", ".join(dict.fromkeys(_operation_name(op.name) for op in parsed.get("request", [])))
    return ForbiddenQuery(
        f"SPARQL Update ({operations or 'empty'}) is not accepted: this endpoint is read-only",
        hint="change the sources and run `nanokg build`; the endpoint serves the built graph",
    )
