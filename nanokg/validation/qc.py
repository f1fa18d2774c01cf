"""Quality checks in the style of ROBOT ``report``: SPARQL queries that list what is wrong.

Each check is one file, ``queries/qc/<name>-violation.rq`` (the ODK / Mondo convention: a
violation query returns no rows on a good graph), that starts with a header of comments::

    # name: missing-label
    # severity: error
    # description: Every nanokg class, property and individual has a label.
    # message: {?entity} has no label: add rdfs:label "…"@en

and selects ``?entity ?property ?value`` (property and value may stay unbound). The message
template may name any selected variable as ``{?var}``; it defaults to the description. Checks run
on the store's default graph, where the whole graph is; the SSSOM mapping tables are also there
as named graphs, so a check can tell a mapped identifier from one written elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, QuerySolution, QuerySolutions, Store

from nanokg import prefixes
from nanokg.errors import QueryError
from nanokg.paths import DataLayout, default_data_root
from nanokg.validation.findings import SEVERITIES, Finding, Severity
from nanokg.validation.terms import Term

__all__ = ["QualityCheck", "load_checks", "checks_folder", "run_checks", "SUFFIX"]

SUFFIX = "-violation.rq"
_HEADER = re.compile(r"^#\s*([a-z]+)\s*:\s*(.*?)\s*$")
_REQUIRED = ("name", "severity", "description")
_PLACEHOLDER = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")
_LOCATION = re.compile(r"error at (\d+):(\d+): ")


@dataclass(frozen=True)
class QualityCheck:
    """One ``*-violation.rq`` check: its header and its query."""

    name: str
    severity: Severity
    description: str
    message: str
    query: str
    path: Path
    relpath: str

    def run(self, store: Store) -> list[Finding]:
        """The problems this check finds in ``store``."""
        try:
            solutions = store.query(self.query)
        except SyntaxError as error:
            raise _query_error(self, str(error)) from None
        if not isinstance(solutions, QuerySolutions):
            raise QueryError("a quality check must be a SELECT query", path=self.relpath,
                             hint="select ?entity ?property ?value")
        return [self._finding(row) for row in solutions if row["entity"] is not None]

    def _finding(self, row: QuerySolution) -> Finding:
        entity, property_, value = row["entity"], row["property"], row["value"]
        return Finding(
            severity=self.severity, checker="qc", rule=self.name, focus=entity,
            message=_PLACEHOLDER.sub(lambda match: _text(row, match), self.message),
            path=prefixes.compress(property_.value) if property_ is not None else None,
            value=value,
        )


def _text(row: QuerySolution, match: re.Match[str]) -> str:
    """A message placeholder's value: CURIEs for IRIs, bare text for literals."""
    term: Term | None = row[match.group(1)]
    if term is None:
        return match.group(0)
    if isinstance(term, Literal):
        return term.value
    return prefixes.compress(term.value)


def _query_error(check: QualityCheck, message: str) -> QueryError:
    location = _LOCATION.match(message)  # Oxigraph counts lines from the top of the file
    return QueryError(f"the quality check does not parse: {_LOCATION.sub('', message)}",
                      path=check.relpath, line=int(location.group(1)) if location else None,
                      column=int(location.group(2)) if location else None,
                      hint="correct the SPARQL of the check")


def _header(text: str, relpath: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _HEADER.match(line):
            fields[match.group(1)] = match.group(2)
    missing = [key for key in _REQUIRED if not fields.get(key)]
    if missing:
        raise QueryError(f"the quality check's header lacks {', '.join(missing)}", path=relpath, line=1,
                         hint="start the file with '# name: …', '# severity: error|warn|info' and "
                              "'# description: …' comment lines")
    if fields["severity"] not in SEVERITIES:
        raise QueryError(f"unknown severity '{fields['severity']}'", path=relpath, line=1,
                         hint="write '# severity: error', 'warn' or 'info'")
    return fields


def load_check(path: Path, relpath: str) -> QualityCheck:
    """Read one check file and its header."""
    text = path.read_text(encoding="utf-8")
    fields = _header(text, relpath)
    expected = path.name[: -len(SUFFIX)]
    if fields["name"] != expected:
        raise QueryError(f"the check is named '{fields['name']}' but its file says '{expected}'",
                         path=relpath, line=1, hint=f"rename the file to {fields['name']}{SUFFIX}")
    return QualityCheck(
        name=fields["name"], severity=fields["severity"],  # type: ignore[arg-type]
        description=fields["description"], message=fields.get("message") or fields["description"],
        query=text, path=path, relpath=relpath,
    )


def checks_folder(layout: DataLayout) -> tuple[Path, DataLayout]:
    """The data folder's ``queries/qc/``, or nanokg's own checks if it has none."""
    own = layout.queries_dir / "qc"
    if own.is_dir():
        return own, layout
    bundled = DataLayout(default_data_root())
    return bundled.queries_dir / "qc", bundled


def load_checks(layout: DataLayout) -> list[QualityCheck]:
    """Every ``*-violation.rq`` check that applies to ``layout``, sorted by name."""
    folder, owner = checks_folder(layout)
    return [load_check(path, owner.relative(path)) for path in sorted(folder.glob(f"*{SUFFIX}"))]


def run_checks(checks: list[QualityCheck], store: Store) -> list[Finding]:
    """The findings of every check."""
    return [finding for check in checks for finding in check.run(store)]
