"""Compile curated TSV templates (``graph/*.tsv``) into RDF quads.

The format is specified in ``docs/design.md`` ("Source format"): row 1 names the columns, row 2
holds one directive per column (``ID``, ``LABEL``, ``TYPE``, ``REF p``, ``NEW p``, ``LIT p``,
``LIT p@en``, ``LIT p^^xsd:decimal``, ``IGNORE``, each optionally ``SPLIT=|``), rows 3+ are
records. Compilation has two passes: the first reads every template and indexes record slugs,
labels and synonyms; the second resolves references and emits quads, so records may refer to
each other across files in any order. Every problem is reported with file, line and column.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad

from nanokg import prefixes
from nanokg.errors import DanglingReferenceError, SourceError
from nanokg.schema import SchemaIndex
from nanokg.sources import SourceFile, read_text
from nanokg.vocab import (
    CURIE_PATTERN, LEXICAL_FORMS, NKGID, SLUG_PATTERN, OWL, PROV, RDF, RDFS, REVIEW, SKOS, XSD, graph_name,
)

__all__ = ["Column", "Template", "CompiledRecords", "read_template", "compile_templates"]

DIRECTIVES = ("ID", "LABEL", "TYPE", "REF", "NEW", "LIT", "IGNORE")
_NEEDS_PROPERTY = {"REF", "NEW", "LIT"}



@dataclass(frozen=True)
class Column:
    """One template column and the directive that says how it becomes triples."""

    number: int
    name: str
    kind: str
    predicate: str | None = None
    language: str | None = None
    datatype: str | None = None
    split: str | None = None

    def values(self, cell: str) -> list[str]:
        """The values of a cell: split on the separator, empty pieces dropped.

        Identifiers are trimmed; literal values keep their inner text so stray whitespace stays
        visible to the quality checks, except around separators where it is formatting.
        """
        if not cell:
            return []
        pieces = cell.split(self.split) if self.split else [cell]
        if self.kind != "LIT" or self.split:
            pieces = [piece.strip() for piece in pieces]
        return [piece for piece in pieces if piece]


@dataclass(frozen=True)
class Row:
    line: int
    cells: list[str]


@dataclass
class Template:
    """A parsed template file: its columns and its record rows."""

    source: SourceFile
    columns: list[Column]
    rows: list[Row]

    def column(self, kind: str) -> Column:
        return next(column for column in self.columns if column.kind == kind)

    def has_predicate(self, iri: str) -> bool:
        return any(column.predicate == iri for column in self.columns)


@dataclass
class CompiledRecords:
    """The quads of all templates and, for every node they define, where it was defined."""

    quads: list[Quad] = field(default_factory=list)
    origins: dict[str, tuple[str, int]] = field(default_factory=dict)


def _location(source: SourceFile, line: int, column: Column | None = None) -> dict[str, object]:
    return {"path": source.relpath, "line": line, "column": column.number if column else None}


def _expand(curie: str, source: SourceFile, line: int, column: int) -> str:
    iri = prefixes.expand(curie)
    if iri is None:
        prefix = curie.split(":", 1)[0]
        raise SourceError(
            f"unknown prefix '{prefix}' in '{curie}'",
            path=source.relpath, line=line, column=column,
            hint="use a prefix of nanokg/data/prefixes.json (e.g. nkg:, nkgid:, skos:, prov:)",
        )
    return iri


def _parse_directive(text: str, number: int, name: str, source: SourceFile) -> Column:
    tokens = text.split()
    where = {"path": source.relpath, "line": 2, "column": number}
    if not tokens or tokens[0] not in DIRECTIVES:
        raise SourceError(
            f"column '{name}' has no valid directive: '{text}'", **where,
            hint="row 2 must hold one of " + ", ".join(DIRECTIVES) + " for every column",
        )
    kind, rest = tokens[0], tokens[1:]
    split = None
    if rest and rest[-1].startswith("SPLIT="):
        split = rest.pop()[len("SPLIT="):]
        if not split or kind in ("ID", "LABEL"):
            raise SourceError(f"'{text}': SPLIT needs a separator and is not allowed on {kind}",
                              **where, hint="write e.g. 'REF nkg:hasPayload SPLIT=|'")
    if kind not in _NEEDS_PROPERTY:
        if rest:
            raise SourceError(f"'{text}': {kind} takes no property", **where,
                              hint=f"write just '{kind}'")
        return Column(number, name, kind, split=split)
    if len(rest) != 1:
        raise SourceError(f"'{text}': {kind} needs exactly one property CURIE", **where,
                          hint=f"write e.g. '{kind} nkg:hasPayload'")
    spec, language, datatype = rest[0], None, None
    if kind == "LIT" and "^^" in spec:
        spec, datatype_curie = spec.split("^^", 1)
        datatype = _expand(datatype_curie, source, 2, number)
        if datatype not in LEXICAL_FORMS:
            raise SourceError(f"'{text}': unsupported datatype {datatype_curie}", **where,
                              hint="use xsd:decimal, xsd:integer, xsd:gYear, xsd:boolean, xsd:date or xsd:string")
    elif kind == "LIT" and "@" in spec:
        spec, language = spec.split("@", 1)
    return Column(number, name, kind, _expand(spec, source, 2, number), language, datatype, split)


def read_template(source: SourceFile) -> Template:
    """Parse a template file's header, directives and rows, checking their shape."""
    lines = read_text(source).splitlines()
    rows = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE, strict=True))
    if len(rows) < 2:
        raise SourceError("a template needs a header row and a directive row", path=source.relpath,
                          line=len(rows) + 1, hint="see the 'Source format' section of docs/design.md")
    header, directives = rows[0], rows[1]
    if len(directives) != len(header):
        raise SourceError(
            f"the directive row has {len(directives)} cells but the header has {len(header)}",
            path=source.relpath, line=2, hint="give every column exactly one directive",
        )
    columns = [
        _parse_directive(text.strip(), number, name.strip(), source)
        for number, (name, text) in enumerate(zip(header, directives, strict=True), start=1)
    ]
    for required in ("ID", "LABEL"):
        count = sum(column.kind == required for column in columns)
        if count != 1:
            raise SourceError(f"a template needs exactly one {required} column, found {count}",
                              path=source.relpath, line=2,
                              hint=f"mark one column '{required}' in row 2")
    records = []
    for line, cells in enumerate(rows[2:], start=3):
        if not any(cell.strip() for cell in cells) or cells[0].startswith("#"):
            continue
        if len(cells) != len(columns):
            raise SourceError(
                f"the row has {len(cells)} cells but the header has {len(columns)} columns",
                path=source.relpath, line=line, column=min(len(cells), len(columns)) + 1,
                hint="every row needs one cell per column: a tab is missing or extra "
                     "(empty cells still need their tab)",
            )
        records.append(Row(line, cells))
    return Template(source, columns, records)


def _kebab(local: str) -> str:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-", local)
    return re.sub(r"[^a-z0-9]+", "-", spaced.lower()).strip("-")


class Resolver:
    """Resolves the slugs, CURIEs and labels written in cells to IRIs."""

    def __init__(self, schema: SchemaIndex, templates: Iterable[Template]) -> None:
        self.schema = schema
        self.slugs: dict[str, tuple[str, int]] = {}
        self.names: dict[str, set[str]] = defaultdict(set)
        for template in templates:
            self._index(template)

    def _index(self, template: Template) -> None:
        id_column, label_column = template.column("ID"), template.column("LABEL")
        synonym_columns = [c for c in template.columns if c.predicate == SKOS.altLabel.value]
        for row in template.rows:
            slug = row.cells[id_column.number - 1].strip()
            where = _location(template.source, row.line, id_column)
            if not SLUG_PATTERN.match(slug):
                raise SourceError(
                    f"'{slug}' is not a valid ID", **where,
                    hint="IDs are lower-case slugs of letters, digits and '-', e.g. fa-peg-gem-nps",
                )
            if slug in self.slugs:
                first = self.slugs[slug]
                raise SourceError(f"duplicate ID '{slug}' (first defined at {first[0]}:{first[1]})",
                                  **where, hint="IDs must be unique across all graph/ templates")
            self.slugs[slug] = (template.source.relpath, row.line)
            iri = NKGID + slug
            for column in (label_column, *synonym_columns):
                for name in column.values(row.cells[column.number - 1]):
                    self.names[name.strip().casefold()].add(iri)

    def is_known(self, iri: str) -> bool:
        return iri in self.schema.kinds or (
            iri.startswith(NKGID) and iri[len(NKGID):] in self.slugs
        )

    def _suggestions(self, value: str, candidates: Iterable[str]) -> str:
        close = difflib.get_close_matches(value.casefold(), list(dict.fromkeys(candidates)), n=3, cutoff=0.75)
        return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""

    @staticmethod
    def _as_iri(value: str) -> str | None:
        """The IRI of a value written as ``<IRI>`` or as a CURIE with a known prefix."""
        if value.startswith("<") and value.endswith(">"):
            return value[1:-1]
        return prefixes.expand(value) if CURIE_PATTERN.match(value) else None

    @staticmethod
    def _reject_unknown_prefix(value: str, source: SourceFile, line: int, column: int) -> None:
        """A value that looks like a CURIE but matched nothing is most likely a prefix typo."""
        if CURIE_PATTERN.match(value):
            _expand(value, source, line, column)

    def individual(self, value: str, source: SourceFile, line: int, column: Column) -> str:
        """The IRI a REF cell value stands for."""
        if value in self.slugs:
            return NKGID + value
        where = _location(source, line, column)  # only for errors: slugs are the common case
        iri = self._as_iri(value)
        if iri is not None:
            if not self.is_known(iri):
                raise DanglingReferenceError(
                    f"'{value}' in column '{column.name}' is not declared by any source",
                    **where, hint="declare it (a template row with that ID, or an ontology term) "
                                  "or correct the spelling" + self._suggestions(value, self.slugs),
                )
            return iri
        matches = self.names.get(value.casefold(), set())
        if len(matches) == 1:
            return next(iter(matches))
        if matches:
            listed = ", ".join(sorted(prefixes.compress(iri) for iri in matches))
            raise SourceError(f"'{value}' in column '{column.name}' is ambiguous: {listed}",
                              **where, hint="write the ID of the record you mean")
        self._reject_unknown_prefix(value, source, line, column.number)
        raise DanglingReferenceError(
            f"'{value}' in column '{column.name}' matches no record ID, label or synonym",
            **where, hint="add a record with that ID or label, or correct the spelling"
            + self._suggestions(value, [*self.slugs, *self.names]),
        )

    def class_(self, value: str, source: SourceFile, line: int, column: Column) -> str:
        """The IRI of the ontology class a TYPE or NEW cell names."""
        where = _location(source, line, column)
        iri = self._as_iri(value)
        if iri is None:
            matches = self.schema.classes_named(value)
            if len(matches) > 1:
                listed = ", ".join(sorted(prefixes.compress(iri) for iri in matches))
                raise SourceError(f"'{value}' names several classes: {listed}", **where,
                                  hint="write the class CURIE, e.g. nkg:Liposome")
            iri = next(iter(matches), None)
        if iri is None:
            self._reject_unknown_prefix(value, source, line, column.number)
        if iri is None or not self.schema.is_class(iri):
            classes = [prefixes.compress(i) for i, kind in self.schema.kinds.items() if kind == "class"]
            raise SourceError(
                f"'{value}' in column '{column.name}' is not a class of the ontology",
                **where, hint="use a class CURIE such as nkg:GoldNanorod or its label"
                + self._suggestions(value, classes),
            )
        return iri


@dataclass
class _Emitter:
    """Turns the rows of one template into quads, with the resolver's help."""

    template: Template
    resolver: Resolver
    out: CompiledRecords
    graph: NamedNode = field(init=False)
    _terms: dict[str, NamedNode] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.graph = graph_name(self.template.source.stem)

    def node(self, iri: str) -> NamedNode:
        term = self._terms.get(iri)
        if term is None:
            term = self._terms[iri] = NamedNode(iri)
        return term

    def add(self, subject: NamedNode, predicate: str | NamedNode, obj: NamedNode | Literal) -> None:
        if isinstance(predicate, str):
            predicate = self.node(predicate)
        self.out.quads.append(Quad(subject, predicate, obj, self.graph))

    def literal(self, value: str, column: Column, line: int) -> Literal:
        if column.language:
            return Literal(value, language=column.language)
        if column.datatype:
            if not LEXICAL_FORMS[column.datatype].match(value):
                raise SourceError(
                    f"'{value}' is not a valid {prefixes.compress(column.datatype)} "
                    f"in column '{column.name}'",
                    **_location(self.template.source, line, column),
                    hint="write a plain number like 83.1 (no units or %)"
                    if column.datatype in (XSD.decimal.value, XSD.integer.value)
                    else "write a four-digit year like 2020" if column.datatype == XSD.gYear.value
                    else "correct the value",
                )
            return Literal(value, datatype=self.node(column.datatype))
        return Literal(value)

    def emit(self) -> None:
        template, source = self.template, self.template.source
        label_column = template.column("LABEL")
        auto_provenance = (
            not template.has_predicate(PROV.wasDerivedFrom.value) and "review" in self.resolver.slugs
        )
        review = self.node(REVIEW)
        for row in template.rows:
            slug = row.cells[template.column("ID").number - 1].strip()
            label = row.cells[label_column.number - 1].strip()
            if not label:
                raise SourceError(f"record '{slug}' has no label", **_location(source, row.line, label_column),
                                  hint="every record needs a human-readable label")
            subject = self.node(NKGID + slug)
            self.out.origins[subject.value] = (source.relpath, row.line)
            self.add(subject, RDF.type, OWL.NamedIndividual)
            self.add(subject, RDFS.label, Literal(label, language="en"))
            if auto_provenance and slug != "review":
                self.add(subject, PROV.wasDerivedFrom, review)
            for column in template.columns:
                if column.kind in ("ID", "LABEL", "IGNORE"):
                    continue
                for value in column.values(row.cells[column.number - 1]):
                    self.emit_value(subject, slug, label, column, value, row.line)

    def emit_value(self, subject: NamedNode, slug: str, label: str, column: Column,
                   value: str, line: int) -> None:
        source = self.template.source
        if column.kind == "TYPE":
            self.add(subject, RDF.type, self.node(self.resolver.class_(value, source, line, column)))
        elif column.kind == "REF":
            assert column.predicate is not None
            self.add(subject, column.predicate, self.node(self.resolver.individual(value, source, line, column)))
        elif column.kind == "LIT":
            assert column.predicate is not None
            self.add(subject, column.predicate, self.literal(value, column, line))
        elif column.kind == "NEW":
            assert column.predicate is not None
            self.mint(subject, slug, label, column, value, line)

    def mint(self, subject: NamedNode, slug: str, label: str, column: Column, value: str, line: int) -> None:
        class_iri = self.resolver.class_(value, self.template.source, line, column)
        local = class_iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        minted = self.node(f"{NKGID}{slug}--{_kebab(local)}")
        if minted.value in self.out.origins:
            raise SourceError(
                f"record '{slug}' names class {prefixes.compress(class_iri)} twice in column '{column.name}'",
                **_location(self.template.source, line, column), hint="list each class once",
            )
        assert column.predicate is not None
        self.out.origins[minted.value] = (self.template.source.relpath, line)
        class_label = self.resolver.schema.label(class_iri) or local
        self.add(subject, column.predicate, minted)
        self.add(minted, RDF.type, OWL.NamedIndividual)
        self.add(minted, RDF.type, self.node(class_iri))
        self.add(minted, RDFS.label, Literal(f"{class_label} of {label}", language="en"))


def compile_templates(templates: list[Template], schema: SchemaIndex) -> CompiledRecords:
    """Resolve and emit every template's records; raises on the first problem found."""
    resolver = Resolver(schema, templates)
    compiled = CompiledRecords()
    for template in templates:
        _Emitter(template, resolver, compiled).emit()
    return compiled
