"""Generate synthetic nanokg sources of any size, in nanokg's own schema and source format.

The output is a data folder that ``nanokg --data FOLDER build`` compiles and validates like the
curated graph: ``ontology/`` (copied from a real data folder, so the schema and the SHACL shapes
are the real ones), ``queries/`` (copied too, so the saved queries run on it) and ``graph/`` with
TSV templates in the columns of the curated ones (``graph/*.tsv``) and an SSSOM mapping table.

The records have the shape and fan-out of the curated review: every formulation has 1–3 carriers
(minted per formulation from a carrier class), 1–4 payloads, usually a matrix material and a
surface modifier, often a targeting ligand that binds 1–2 molecular targets, targeting mechanisms,
stimuli, a therapy (a third are combinations of single therapies), 1–2 indications from a
three-level cancer subtype hierarchy, cell lines and animal models, evidence levels, the study it
is reported in (a few formulations per study), and 1–5 outcome measurements with decimal values
(or ranges, or a direction only) and units. Targeted drugs bind targets and have indications;
approved products and statements (about records, or about kinds of carrier) complete the shapes
the saved queries ask about. Drugs, ligands, materials, cancers and models are
drawn with a Zipf-like popularity, so a few are common (like doxorubicin) and most are rare; each
is used at least once. Statements and SKOS mappings to synthetic identifiers round it off.

Everything is drawn from one ``random.Random(seed)``: the same seed and size give the same bytes.
Sizes are asked for in triples of the compiled graph (ontology + records + mappings + entailed
inverses); :func:`formulations_for` finds the number of formulations that gives that many.

    python bench/generate.py --triples 100k --out bench/.data/100k
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import shutil
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nanokg.paths import DataLayout, default_data_root  # noqa: E402
from nanokg.templates import _kebab  # noqa: E402  (the compiler's own CamelCase → slug)

__all__ = [
    "Table", "GeneratedSources", "generate_tables", "write_sources", "generate",
    "formulations_for", "expected_triples", "parse_size", "SIZES",
]

#: The sizes the benchmark runs, in triples of the compiled graph.
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "5m": 5_000_000}

# --- the vocabulary the records use (class names from docs/design.md) -----------------------

CARRIER_CLASSES = (
    "Liposome", "PHSensitiveFusogenicLiposome", "ThermosensitiveLiposome", "MagneticLiposome",
    "AlbuminNanoparticle", "WheyProteinNanoparticle", "SilkFibroinNanoparticle", "FerritinNanoparticle",
    "ZeinNanoparticle", "GliadinNanoparticle", "LipoproteinNanoparticle", "SoyProteinNanoparticle",
    "PolymericMicelle", "PAMAMDendrimer", "Nanogel", "Hydrogel", "PolymericNanosphere",
    "PLGANanoparticle", "PCLNanoparticle", "ChitosanNanoparticle", "ProdrugNanoassembly",
    "GoldNanoparticle", "GoldNanorod", "GoldSilverCoreShellNanoparticle", "SilverNanoparticle",
    "CopperNanocomplex", "MetalOrganicFramework", "GrapheneOxideNanosheet",
    "ReducedGrapheneOxideNanosheet", "GrapheneQuantumDot", "MesoporousSilicaNanoparticle",
    "GoldMesoporousSilicaCoreShellNanoparticle", "HydroxyapatiteNanoparticle",
    "ManganeseDopedZincSulfideQuantumDot", "MagnetiteNanoparticle",
    "SuperparamagneticIronOxideNanoparticle", "CoreShellMagneticNanoparticle",
    "MagneticGrapheneOxide", "MultifunctionalMagneticNanoagent",
)
DRUG_CLASSES = ("SmallMoleculeDrug", "Anthracycline", "MolecularlyTargetedDrug",
                "TherapeuticAntibody", "ImmuneCheckpointInhibitor", "Enzyme", "PeptideAntigen",
                "FluorescentDye")
#: Drugs of these classes act on a molecular target and are indicated for cancers (as in the review).
TARGETED_DRUG_CLASSES = ("MolecularlyTargetedDrug", "TherapeuticAntibody", "ImmuneCheckpointInhibitor")
LIGAND_CLASSES = ("SmallMolecule", "Peptide", "Antibody", "Protein")
MATERIAL_CLASSES = ("Polymer", "Lipid", "InorganicMaterial")
MECHANISM_CLASSES = ("EPRMediatedTargeting", "LigandReceptorTargeting", "AntibodyMediatedTargeting",
                     "MagneticTargeting", "NuclearTargeting", "MitochondrialTargeting",
                     "CytosolicDelivery", "DualTargeting", "StimulusResponsiveRelease")
STIMULUS_CLASSES = ("AcidicPH", "HydrogenPeroxide", "ReducingEnvironment", "GammaRadiation", "Heat",
                    "HighIntensityFocusedUltrasound", "NearInfraredLight", "MagneticField")
SINGLE_THERAPIES = ("Chemotherapy", "PhotothermalTherapy", "Immunotherapy", "Radiotherapy",
                    "HyperthermiaTherapy", "MolecularTargetedTherapy", "ImagingGuidedTherapy")
#: Combinations (typed nkg:CombinationTherapy, as the curated graph does: HermiT classifies them)
#: and the single therapies they combine.
COMBINATIONS = {
    "chemo-photothermal-therapy": ("Chemotherapy", "PhotothermalTherapy"),
    "chemo-immunotherapy": ("Chemotherapy", "Immunotherapy"),
    "radio-chemotherapy": ("Radiotherapy", "Chemotherapy"),
    "chemo-hyperthermia-therapy": ("Chemotherapy", "HyperthermiaTherapy"),
    "imaging-guided-chemotherapy": ("ImagingGuidedTherapy", "Chemotherapy"),
}
#: Shared individuals: slug → (label, class).
FIXED_INDIVIDUALS = {
    "in-vitro": ("in vitro", "EvidenceLevel"),
    "in-vivo": ("in vivo", "EvidenceLevel"),
    "clinical": ("clinical", "EvidenceLevel"),
    "intravenous-administration": ("intravenous administration", "AdministrationRoute"),
    "oral-administration": ("oral administration", "AdministrationRoute"),
    "intratumoral-administration": ("intratumoral administration", "AdministrationRoute"),
    "subcutaneous-administration": ("subcutaneous administration", "AdministrationRoute"),
    "encapsulation": ("encapsulation", "LoadingMode"),
    "surface-conjugation": ("surface conjugation", "LoadingMode"),
    "adsorption": ("adsorption", "LoadingMode"),
    "cell-nucleus": ("cell nucleus", "SubcellularCompartment"),
    "mitochondrion": ("mitochondrion", "SubcellularCompartment"),
    "cytosol": ("cytosol", "SubcellularCompartment"),
    "lysosome": ("lysosome", "SubcellularCompartment"),
    "fda-approved": ("FDA approved", "RegulatoryStatus"),
    "in-clinical-use": ("in clinical use", "RegulatoryStatus"),
}
#: Units: slug → (label, UO number).
UNITS = {
    "percent": ("percent", 187), "hour": ("hour", 32), "day": ("day", 33),
    "micromolar": ("micromolar", 64), "gram": ("gram", 21), "cubic-millimetre": ("cubic millimetre", 97),
    "fold-change": ("fold change", 190), "microgram-per-millilitre": ("microgram per millilitre", 274),
    "percent-injected-dose-per-gram": ("percent injected dose per gram", 300),
}
#: Outcome kinds with the unit and the range of their values (None: reported as a direction only).
OUTCOME_KINDS: dict[str, tuple[str, float, float] | None] = {
    "EncapsulationEfficiency": ("percent", 40, 99), "DrugLoading": ("percent", 1, 45),
    "TumorInhibitionRate": ("percent", 20, 98), "TumorAccumulation": ("percent-injected-dose-per-gram", 1, 25),
    "CirculationTime": ("hour", 0.5, 72), "PlasmaClearance": ("microgram-per-millilitre", 0.1, 50),
    "IC50": ("micromolar", 0.01, 80), "Cytotoxicity": ("percent", 5, 95),
    "CellularUptake": ("fold-change", 1.1, 12), "DrugRelease": ("percent", 10, 100),
    "Survival": ("day", 14, 120), "TumorWeight": ("gram", 0.05, 2.5),
    "TumorGrowth": ("cubic-millimetre", 50, 2500), "Bioavailability": ("percent", 5, 90),
    "RetentionDuration": ("hour", 2, 96),
    "ImmuneResponse": None, "Toxicity": None, "TherapeuticEfficacy": None,
    "TumorRecurrence": None, "Selectivity": None,
}
STATEMENT_CLASSES = ("AdvantageStatement", "ChallengeStatement", "SafetyStatement",
                     "ComparisonStatement", "DefinitionStatement", "ClinicalUseStatement")
SECTIONS = ("abstract", "1", "2", "2.1", "2.1.1", "2.1.2", "2.1.3", "2.2", "2.2.1", "2.2.2",
            "2.2.3", "3")
#: The sections that describe particular nanomaterials, where most records are cited.
DETAIL_SECTIONS = ("2.1.1", "2.1.2", "2.1.3", "2.2.1", "2.2.2", "2.2.3")
ORGANS = ("lung", "breast", "liver", "colorectal", "pancreatic", "prostate", "ovarian", "gastric",
          "cervical", "brain", "skin", "kidney", "bladder", "thyroid", "bone", "blood")
PREPARATION = ("thin-film hydration", "nanoprecipitation", "emulsion-solvent evaporation",
               "self-assembly", "ionic gelation", "seed-mediated growth", "sol-gel synthesis")
SURNAMES = ("Wang", "Li", "Zhang", "Liu", "Chen", "Smith", "Kumar", "Garcia", "Müller", "Rossi",
            "Kim", "Nguyen", "Silva", "Ivanova", "Tanaka", "Cohen", "Okafor", "Dubois")
#: Columns every curated template ends with (see graph/*.tsv).
SECTION_COLUMN = ("section", "REF nkg:inReviewSection SPLIT=|")
QUOTE_COLUMN = ("evidence quote", "LIT nkg:evidenceQuote SPLIT=|")


def _section(number: str) -> str:
    return "section-" + number.replace(".", "-")


def _words(class_name: str) -> str:
    return _kebab(class_name).replace("-", " ")


def _encode(number: int, width: int, digits: str) -> str:
    """``number`` written with ``width`` of ``digits`` (most significant first)."""
    text = ""
    for _ in range(width):
        number, digit = divmod(number, len(digits))
        text = digits[digit] + text
    return text


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ALPHANUMERIC = "0123456789" + _LETTERS


# --- tables ------------------------------------------------------------------------------------


Cell = str | Sequence[str] | None


@dataclass
class Table:
    """One template file: column names and directives, and records as lists of values per column."""

    name: str
    columns: list[tuple[str, str]]
    rows: list[list[list[str]]] = field(default_factory=list)

    def add(self, **cells: Cell) -> list[list[str]]:
        """A record, its cells by column name (``_`` for a space); a cell is a value, a list of
        values (joined with ``|``) or None. Returns the row, whose value lists may still grow."""
        names = [name for name, _ in self.columns]
        unknown = {key.replace("_", " ") for key in cells} - set(names)
        if unknown:
            raise KeyError(f"{self.name} has no column {sorted(unknown)}")
        row = [_values(cells.get(name.replace(" ", "_"))) for name in names]
        self.rows.append(row)
        return row

    def index(self, column: str) -> int:
        return [name for name, _ in self.columns].index(column)

    def lines(self) -> Iterator[str]:
        yield "\t".join(name for name, _ in self.columns)
        yield "\t".join(directive for _, directive in self.columns)
        for row in self.rows:
            yield "\t".join("|".join(values) for values in row)

    def write(self, folder: Path) -> None:
        with open(folder / self.name, "w", encoding="utf-8", newline="\n") as out:
            out.writelines(line + "\n" for line in self.lines())

    def triple_count(self, inverse_predicates: set[str], has_review: bool) -> int:
        """How many triples nanokg's template compiler makes of this table (see templates.py)."""
        directives = [directive.split()[0] for _, directive in self.columns]
        predicates = [_predicate(directive) for _, directive in self.columns]
        auto_provenance = has_review and "prov:wasDerivedFrom" not in predicates
        per_value = [
            {"TYPE": 1, "REF": 1, "LIT": 1, "NEW": 4}.get(kind, 0) + (predicate in inverse_predicates)
            for kind, predicate in zip(directives, predicates, strict=True)
        ]
        total = 0
        for row in self.rows:
            total += 2 + (auto_provenance and row[0] != ["review"])
            total += sum(weight * len(values) for weight, values in zip(per_value, row, strict=True))
        return total


def _values(cell: Cell) -> list[str]:
    if cell is None:
        return []
    return [cell] if isinstance(cell, str) else list(cell)


def _predicate(directive: str) -> str | None:
    tokens = directive.split()
    if len(tokens) < 2 or tokens[0] not in ("REF", "NEW", "LIT"):
        return None
    return tokens[1].split("^^")[0].split("@")[0]


class _Popular:
    """Draws items with a Zipf-like popularity: the first items are drawn far more often."""

    def __init__(self, items: Sequence[str], rng: random.Random, exponent: float = 0.9) -> None:
        self.items = list(items)
        self.rng = rng
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) ** exponent
                                                    for rank in range(len(self.items))))
        self.drawn: set[str] = set()

    def one(self) -> str:
        point = self.rng.random() * self.cumulative[-1]
        item = self.items[bisect.bisect_right(self.cumulative, point)]
        self.drawn.add(item)
        return item

    def some(self, low: int, high: int) -> list[str]:
        """Between ``low`` and ``high`` distinct items."""
        wanted = min(self.rng.randint(low, high), len(self.items))
        chosen: dict[str, None] = {}
        while len(chosen) < wanted:
            chosen[self.one()] = None
        return list(chosen)

    def adopt_unused(self, rows: list[list[list[str]]], column: int, most: int) -> None:
        """Give each item never drawn to a random row with fewer than ``most`` values in ``column``.

        A record nothing refers to is flagged by nanokg's quality checks (an orphan), and a curated
        graph has none: every drug in it is there because a formulation delivers it.
        """
        for item in self.items:
            if item in self.drawn:
                continue
            open_rows = [row for row in rows if len(row[column]) < most] or rows
            self.rng.choice(open_rows)[column].append(item)
            self.drawn.add(item)


@dataclass
class _Counts:
    """How many records of each kind a graph with ``formulations`` formulations has."""

    formulations: int

    def scaled(self, per: int, minimum: int) -> int:
        return max(minimum, self.formulations // per)

    @property
    def studies(self) -> int:
        return self.scaled(3, 2)

    @property
    def drugs(self) -> int:
        return self.scaled(12, 12)

    @property
    def ligands(self) -> int:
        return self.scaled(40, 6)

    @property
    def targets(self) -> int:
        return min(self.ligands, self.scaled(50, 6))

    @property
    def materials(self) -> int:
        return self.scaled(40, 6)

    @property
    def cancer_roots(self) -> int:
        return min(len(ORGANS), max(4, self.formulations // 20))

    @property
    def cancer_subtypes(self) -> int:
        return self.scaled(30, 4)

    @property
    def cell_lines(self) -> int:
        return self.scaled(20, 6)

    @property
    def animal_models(self) -> int:
        return self.scaled(60, 3)

    @property
    def statements(self) -> int:
        return self.scaled(6, 3)

    @property
    def products(self) -> int:
        return self.scaled(100, 2)


@dataclass
class GeneratedSources:
    """The generated tables and mapping rows, before they are written."""

    tables: list[Table]
    mappings: list[tuple[str, str, str, str, str]]
    formulations: int


class _Generator:
    def __init__(self, formulations: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.counts = _Counts(formulations)
        self.mappings: list[tuple[str, str, str, str, str]] = []
        self._identifiers = itertools.count(1)

    def map_to(self, slug: str, label: str, prefix: str, number: int | None = None) -> None:
        """An exact match of ``slug`` to a synthetic identifier written as ``prefix`` writes them."""
        number = number if number is not None else next(self._identifiers)
        local = {"MONDO": f"{number:07d}", "UO": f"{number:07d}",
                 "cellosaurus": _encode(number, 4, _ALPHANUMERIC)}.get(prefix, str(number))
        self.mappings.append((f"nkgid:{slug}", label, "skos:exactMatch", f"{prefix}:{local}", label))

    def quote(self, text: str) -> str:
        return f"{text} ({self.rng.choice(SURNAMES)} et al., {self.rng.randint(2005, 2023)})."

    def detail_section(self) -> str:
        return _section(self.rng.choice(DETAIL_SECTIONS))

    def sections(self) -> Table:
        table = Table("sections.tsv", [("id", "ID"), ("label", "LABEL"), ("type", "TYPE"),
                                       ("section number", "LIT nkg:sectionNumber"),
                                       ("subsection of", "REF nkg:isSubsectionOf"), QUOTE_COLUMN])
        for number in SECTIONS:
            parent = number.rsplit(".", 1)[0] if "." in number else None
            table.add(id=_section(number), label=f"Section {number}", type="nkg:ReviewSection",
                      section_number=None if number == "abstract" else number,
                      subsection_of=parent and _section(parent), evidence_quote=f"{number} Section heading")
        return table

    def publications(self) -> tuple[Table, list[str]]:
        table = Table("publications.tsv", [
            ("id", "ID"), ("label", "LABEL"), ("type", "TYPE"),
            ("citation label", "LIT nkg:citationLabel"), ("first author", "LIT nkg:firstAuthor"),
            ("year", "LIT nkg:publicationYear^^xsd:gYear"), ("doi", "LIT nkg:doi"), SECTION_COLUMN, QUOTE_COLUMN,
        ])
        table.add(id="review", label="Synthetic S. et al. (2023)", type="nkg:Review",
                  citation_label="Synthetic S. et al. (2023)", first_author="Synthetic", year="2023",
                  doi="10.0000/nanokg.synthetic", section=_section("abstract"),
                  evidence_quote="A synthetic review generated for benchmarking.")
        studies = []
        for number in range(1, self.counts.studies + 1):
            # initials from the number keep every citation label distinct, as in the review
            surname, initials = SURNAMES[number % len(SURNAMES)], _encode(number // len(SURNAMES), 3, _LETTERS)
            author = f"{surname} {'.'.join(initials)}."
            year = str(self.rng.randint(2000, 2023))
            citation = f"{author} et al. ({year})"
            slug = f"study-{number:06d}"
            studies.append(slug)
            table.add(id=slug, label=citation, type="nkg:Study", citation_label=citation,
                      first_author=author.split()[0], year=year, doi=f"10.0000/synthetic.{number}",
                      section=self.detail_section(),
                      evidence_quote=self.quote(f"Study {number} reported nanoformulations"))
        return table, studies

    def vocabulary(self) -> tuple[list[Table], dict[str, list[str]]]:
        """Mechanisms, stimuli, evidence levels, routes, loading modes, compartments and units."""
        columns = [("id", "ID"), ("label", "LABEL"), ("type", "TYPE SPLIT=|"), SECTION_COLUMN, QUOTE_COLUMN]
        slugs: dict[str, list[str]] = {"mechanisms": [], "stimuli": []}
        tables = [Table(name, list(columns)) for name in ("mechanisms.tsv", "stimuli.tsv", "vocabulary.tsv",
                                                          "units.tsv")]
        mechanisms, stimuli, vocabulary, units = tables
        for kind, table, classes in (("mechanisms", mechanisms, MECHANISM_CLASSES),
                                     ("stimuli", stimuli, STIMULUS_CLASSES)):
            for class_name in classes:
                slugs[kind].append(_kebab(class_name))
                self._term(table, _kebab(class_name), _words(class_name), class_name)
        for slug, (label, class_name) in FIXED_INDIVIDUALS.items():
            slugs.setdefault(class_name, []).append(slug)
            self._term(vocabulary, slug, label, class_name)
        for slug, (label, number) in UNITS.items():
            self._term(units, slug, label, "Unit")
            self.map_to(slug, label, "UO", number)
        return tables, slugs

    def _term(self, table: Table, slug: str, label: str, class_name: str) -> None:
        table.add(id=slug, label=label, type=f"nkg:{class_name}", section=self.detail_section(),
                  evidence_quote=self.quote(f"The review mentions {label}"))

    def therapies(self) -> tuple[Table, list[str]]:
        table = Table("therapies.tsv", [("id", "ID"), ("label", "LABEL"), ("type", "TYPE SPLIT=|"),
                                        ("component therapies", "REF nkg:hasComponentTherapy SPLIT=|"),
                                        SECTION_COLUMN, QUOTE_COLUMN])
        slugs = []
        for class_name in SINGLE_THERAPIES:
            slugs.append(_kebab(class_name))
            self._term(table, _kebab(class_name), _words(class_name), class_name)
        for slug, parts in COMBINATIONS.items():
            slugs.append(slug)
            table.add(id=slug, label=slug.replace("-", " "), type="nkg:CombinationTherapy",
                      component_therapies=[_kebab(part) for part in parts], section=self.detail_section(),
                      evidence_quote=self.quote(f"The review describes {slug.replace('-', ' ')}"))
        return table, slugs

    def targets(self) -> tuple[Table, list[str]]:
        table = Table("targets.tsv", [("id", "ID"), ("label", "LABEL"), ("type", "TYPE SPLIT=|"),
                                      SECTION_COLUMN, QUOTE_COLUMN])
        slugs = []
        for number in range(1, self.counts.targets + 1):
            slug, label = f"target-{number:05d}", f"receptor {number}"
            slugs.append(slug)
            self._term(table, slug, label, "Receptor" if number % 4 else "Gene")
            self.map_to(slug, label, "hgnc")
        return table, slugs

    def chemicals(self, targets: list[str], cancers: list[str]) -> tuple[Table, dict[str, list[str]]]:
        table = Table("chemicals.tsv", [
            ("id", "ID"), ("label", "LABEL"), ("type", "TYPE SPLIT=|"),
            ("synonyms", "LIT skos:altLabel@en SPLIT=|"), ("binds target", "REF nkg:bindsTarget SPLIT=|"),
            ("indications", "REF nkg:hasIndication SPLIT=|"), SECTION_COLUMN, QUOTE_COLUMN,
        ])
        popular_targets = _Popular(targets, self.rng)
        popular_cancers = _Popular(cancers, self.rng)
        slugs: dict[str, list[str]] = {"drugs": [], "ligands": [], "materials": []}
        plan = (("drugs", "drug", self.counts.drugs, DRUG_CLASSES),
                ("ligands", "ligand", self.counts.ligands, LIGAND_CLASSES),
                ("materials", "material", self.counts.materials, MATERIAL_CLASSES))
        ligand_rows = []
        for kind, stem, count, classes in plan:
            for number in range(1, count + 1):
                slug, label = f"{stem}-{number:05d}", f"{stem} {number}"
                slugs[kind].append(slug)
                class_name = self.rng.choice(classes)
                targeted = class_name in TARGETED_DRUG_CLASSES
                row = table.add(id=slug, label=label, type=f"nkg:{class_name}",
                                synonyms=f"{stem[0].upper()}{number}" if self.rng.random() < 0.5 else None,
                                binds_target=popular_targets.some(1, 2) if kind == "ligands" or targeted else None,
                                indications=popular_cancers.some(1, 2) if targeted else None,
                                section=self.detail_section(),
                                evidence_quote=self.quote(f"{label.capitalize()} was used"))
                if kind == "ligands":
                    ligand_rows.append(row)
                self.map_to(slug, label, "CHEBI")
        popular_targets.adopt_unused(ligand_rows, table.index("binds target"), 2)
        return table, slugs

    def cancers(self) -> tuple[Table, list[str]]:
        """A three-level hierarchy: organ cancers, their subtypes, and subtypes of those."""
        table = Table("diseases.tsv", [("id", "ID"), ("label", "LABEL"), ("type", "TYPE"),
                                       ("subtype of", "REF nkg:isSubtypeOf SPLIT=|"), SECTION_COLUMN, QUOTE_COLUMN])
        roots = [f"{organ}-cancer" for organ in ORGANS[: self.counts.cancer_roots]]
        slugs = list(roots)
        for slug in roots:
            self._cancer(table, slug, None)
        for number in range(1, self.counts.cancer_subtypes + 1):
            parent = self.rng.choice(slugs)
            slug = f"{parent.split('-')[0]}-cancer-subtype-{number:05d}"
            slugs.append(slug)
            self._cancer(table, slug, parent)
        return table, slugs

    def _cancer(self, table: Table, slug: str, parent: str | None) -> None:
        label = slug.replace("-", " ")
        table.add(id=slug, label=label, type="nkg:CancerType", subtype_of=parent, section=self.detail_section(),
                  evidence_quote=self.quote(f"Nanomedicines were tested in {label}"))
        self.map_to(slug, label, "MONDO")

    def models(self, cancers: list[str]) -> tuple[Table, list[str], list[str]]:
        table = Table("models.tsv", [("id", "ID"), ("label", "LABEL"), ("type", "TYPE SPLIT=|"),
                                     ("model of", "REF nkg:modelOf SPLIT=|"), SECTION_COLUMN, QUOTE_COLUMN])
        popular_cancers = _Popular(cancers, self.rng)
        cell_lines, animals = [], []
        for kind, stem, count in (("CellLine", "cell-line", self.counts.cell_lines),
                                  ("AnimalModel", "mouse-model", self.counts.animal_models)):
            for number in range(1, count + 1):
                slug, label = f"{stem}-{number:05d}", f"{stem.replace('-', ' ')} {number}"
                (cell_lines if kind == "CellLine" else animals).append(slug)
                table.add(id=slug, label=label, type=f"nkg:{kind}", model_of=popular_cancers.one(),
                          section=self.detail_section(), evidence_quote=self.quote(f"{label.capitalize()} was used"))
                if kind == "CellLine":
                    self.map_to(slug, label, "cellosaurus")
        return table, cell_lines, animals

    def formulations(self, refs: dict[str, list[str]]) -> tuple[Table, Table]:
        formulations = Table("formulations.tsv", [
            ("id", "ID"), ("label", "LABEL"), ("type", "TYPE"), ("study", "REF nkg:reportedIn"),
            ("carrier class", "NEW nkg:hasCarrier SPLIT=|"), ("materials", "REF nkg:hasMaterial SPLIT=|"),
            ("surface modifiers", "REF nkg:hasSurfaceModifier SPLIT=|"),
            ("payloads", "REF nkg:hasPayload SPLIT=|"), ("ligands", "REF nkg:hasTargetingLigand SPLIT=|"),
            ("mechanisms", "REF nkg:hasTargetingMechanism SPLIT=|"),
            ("stimuli", "REF nkg:respondsToStimulus SPLIT=|"), ("therapies", "REF nkg:hasTherapy SPLIT=|"),
            ("indications", "REF nkg:hasIndication SPLIT=|"), ("models", "REF nkg:evaluatedIn SPLIT=|"),
            ("evidence", "REF nkg:hasEvidenceLevel SPLIT=|"),
            ("compartments", "REF nkg:targetsCompartment SPLIT=|"),
            ("routes", "REF nkg:hasAdministrationRoute SPLIT=|"), ("loading", "REF nkg:hasLoadingMode SPLIT=|"),
            ("preparation", "LIT nkg:preparationMethod@en"), SECTION_COLUMN,
            ("figure", "LIT nkg:figurePanel"), QUOTE_COLUMN,
        ])
        outcomes = Table("outcomes.tsv", [
            ("id", "ID"), ("label", "LABEL"), ("type", "TYPE"), ("outcome of", "REF nkg:isOutcomeOf"),
            ("value", "LIT nkg:numericValue^^xsd:decimal"), ("min", "LIT nkg:minValue^^xsd:decimal"),
            ("max", "LIT nkg:maxValue^^xsd:decimal"), ("unit", "REF nkg:hasUnit"),
            ("direction", "LIT nkg:direction"), ("compared to", "REF nkg:comparedTo SPLIT=|"),
            ("comparator", "LIT nkg:comparatorDescription@en"), ("measured in", "REF nkg:measuredIn SPLIT=|"),
            SECTION_COLUMN, QUOTE_COLUMN,
        ])
        rng = self.rng
        pools = {name: _Popular(refs[name], rng) for name in ("drugs", "ligands", "materials", "cancers",
                                                               "cell_lines", "animals")}
        studies = refs["studies"]
        total = self.counts.formulations
        for number in range(1, total + 1):
            slug = f"formulation-{number:06d}"
            carriers = rng.sample(CARRIER_CLASSES, rng.choices((1, 2, 3), (6, 3, 1))[0])
            payloads = pools["drugs"].some(1, 4)
            ligands = pools["ligands"].some(1, 2) if rng.random() < 0.4 else []
            mechanisms = ["ligand-receptor-targeting"] if ligands else []
            mechanisms += [m for m in rng.sample(refs["mechanisms"], rng.randint(0, 2)) if m not in mechanisms]
            in_vivo = rng.random() < 0.6
            models = pools["cell_lines"].some(1, 3) + (pools["animals"].some(1, 1) if in_vivo else [])
            label = f"{_words(carriers[0])} {number} with {payloads[0].replace('-', ' ')}"
            evidence = ["in-vitro", "in-vivo"] if in_vivo else ["in-vitro"]
            formulations.add(
                id=slug, label=label, type="nkg:Formulation",
                # a study reports a few formulations, as papers do
                study=studies[(number - 1) * len(studies) // total],
                carrier_class=[f"nkg:{name}" for name in carriers],
                materials=pools["materials"].some(1, 1) if rng.random() < 0.7 else None,
                surface_modifiers=pools["materials"].some(1, 1) if rng.random() < 0.6 else None,
                payloads=payloads, ligands=ligands, mechanisms=mechanisms,
                stimuli=rng.sample(refs["stimuli"], rng.randint(0, 2)),
                therapies=[rng.choice(refs["therapies"])] if rng.random() < 0.9 else None,
                indications=pools["cancers"].some(1, 2), models=models,
                evidence=evidence + ["clinical"] if number % 30 == 1 else evidence,  # a few reach the clinic
                compartments=rng.choice(refs["SubcellularCompartment"]) if rng.random() < 0.2 else None,
                routes=rng.choice(refs["AdministrationRoute"]) if in_vivo else None,
                loading=rng.choice(refs["LoadingMode"]),
                preparation=rng.choice(PREPARATION) if rng.random() < 0.5 else None,
                section=self.detail_section(),
                figure=f"Figure {rng.randint(3, 5)}{'ABCDEF'[rng.randrange(6)]}" if rng.random() < 0.3 else None,
                evidence_quote=self.quote(f"{label.capitalize()} was prepared and tested"),
            )
            for index, kind in enumerate(rng.sample(list(OUTCOME_KINDS), rng.randint(1, 5)), start=1):
                self._outcome(outcomes, slug, label, index, kind, payloads, models)
        rows = formulations.rows
        for pool, column, most in (("drugs", "payloads", 4), ("ligands", "ligands", 2),
                                   ("materials", "materials", 1), ("cancers", "indications", 2),
                                   ("cell_lines", "models", 4), ("animals", "models", 4)):
            pools[pool].adopt_unused(rows, formulations.index(column), most)
        return formulations, outcomes

    def _outcome(self, table: Table, formulation: str, label: str, index: int, kind: str,
                 payloads: list[str], models: list[str]) -> None:
        rng = self.rng
        spec = OUTCOME_KINDS[kind]
        value = low = high = unit = None
        if spec is not None:
            unit, bottom, top = spec
            if rng.random() < 0.15:
                first, second = sorted((rng.uniform(bottom, top), rng.uniform(bottom, top)))
                low, high = f"{first:.2f}", f"{second:.2f}"
            else:
                value = f"{rng.uniform(bottom, top):.2f}"
        direction = rng.choice(("increased", "decreased", "unchanged")) if spec is None or rng.random() < 0.3 else None
        compared = payloads[0] if rng.random() < 0.3 else None
        table.add(id=f"{formulation}-outcome-{index}", label=f"{_words(kind)} of {label}", type=f"nkg:{kind}",
                  outcome_of=formulation, value=value, min=low, max=high, unit=unit, direction=direction,
                  compared_to=compared,
                  comparator=f"free {payloads[0].replace('-', ' ')} solution" if compared else None,
                  measured_in=rng.choice(models), section=self.detail_section(),
                  evidence_quote=self.quote(f"{_words(kind).capitalize()} was measured"))

    def statements(self, about: list[str], studies: list[str]) -> Table:
        """Statements about records or, a third of them, about a kind of carrier (a class)."""
        table = Table("statements.tsv", [
            ("id", "ID"), ("label", "LABEL"), ("type", "TYPE"), ("statement", "LIT nkg:statementText@en"),
            ("about", "REF nkg:aboutEntity SPLIT=|"), ("about concept", "REF nkg:aboutConcept SPLIT=|"),
            ("cites", "REF nkg:citesStudy SPLIT=|"), SECTION_COLUMN, QUOTE_COLUMN,
        ])
        for number in range(1, self.counts.statements + 1):
            class_name = self.rng.choice(STATEMENT_CLASSES)
            concepts = [f"nkg:{self.rng.choice(CARRIER_CLASSES)}"] if number % 3 == 0 else []
            subjects = [] if concepts else self.rng.sample(about, min(len(about), self.rng.randint(1, 3)))
            text = f"Statement {number} is about {', '.join(subjects + concepts)}."
            table.add(id=f"statement-{number:06d}", label=f"{_words(class_name)} {number}", type=f"nkg:{class_name}",
                      statement=text, about=subjects, about_concept=concepts,
                      cites=self.rng.choice(studies) if self.rng.random() < 0.5 else None,
                      section=_section(self.rng.choice(SECTIONS)), evidence_quote=self.quote(text[:-1]))
        return table

    def products(self, refs: dict[str, list[str]]) -> Table:
        """Approved products: a carrier, a payload, indications, a regulatory status, citations."""
        table = Table("products.tsv", [
            ("id", "ID"), ("label", "LABEL"), ("type", "TYPE"), ("carrier class", "NEW nkg:hasCarrier SPLIT=|"),
            ("payload", "REF nkg:hasPayload SPLIT=|"), ("indication", "REF nkg:hasIndication SPLIT=|"),
            ("regulatory status", "REF nkg:hasRegulatoryStatus SPLIT=|"),
            ("evidence level", "REF nkg:hasEvidenceLevel"), ("approval note", "LIT nkg:approvalNote@en"),
            ("cites", "REF nkg:citesStudy SPLIT=|"), SECTION_COLUMN, QUOTE_COLUMN,
        ])
        drugs, cancers = _Popular(refs["drugs"], self.rng), _Popular(refs["cancers"], self.rng)
        for number in range(1, self.counts.products + 1):
            label = f"Nanoproduct {number}"
            status = ["fda-approved", "in-clinical-use"] if number % 2 else ["in-clinical-use"]
            table.add(id=f"product-{number:05d}", label=label, type="nkg:ApprovedProduct",
                      carrier_class=f"nkg:{self.rng.choice(CARRIER_CLASSES)}", payload=drugs.one(),
                      indication=cancers.some(1, 3), regulatory_status=status, evidence_level="clinical",
                      approval_note=f"{label} is approved for clinical use." if number % 2 else None,
                      cites=self.rng.sample(refs["studies"], min(2, len(refs["studies"]))),
                      section=self.detail_section(), evidence_quote=self.quote(f"{label} is used in the clinic"))
        return table

    def run(self) -> GeneratedSources:
        sections = self.sections()
        publications, studies = self.publications()
        vocabulary, vocab = self.vocabulary()
        therapies, therapy_slugs = self.therapies()
        targets, target_slugs = self.targets()
        cancers, cancer_slugs = self.cancers()
        chemicals, chemical_slugs = self.chemicals(target_slugs, cancer_slugs)
        models, cell_lines, animals = self.models(cancer_slugs)
        refs = {**vocab, **chemical_slugs, "therapies": therapy_slugs, "cancers": cancer_slugs,
                "cell_lines": cell_lines, "animals": animals, "studies": studies}
        formulations, outcomes = self.formulations(refs)
        statements = self.statements(chemical_slugs["drugs"][:50] + cancer_slugs[:20], studies)
        products = self.products(refs)
        tables = [sections, publications, *vocabulary, therapies, targets, chemicals, cancers, models,
                  formulations, outcomes, statements, products]
        return GeneratedSources(tables, self.mappings, self.counts.formulations)


def generate_tables(formulations: int, seed: int = 1) -> GeneratedSources:
    """The records of a synthetic graph with ``formulations`` formulations, in memory."""
    if formulations < 1:
        raise ValueError("at least one formulation")
    return _Generator(formulations, seed).run()


_SSSOM_HEADER = """\
#mapping_set_id: https://w3id.org/nanokg/bench/synthetic.sssom.tsv
#mapping_set_description: Synthetic mappings generated for benchmarking; the identifiers are not real.
#license: https://creativecommons.org/licenses/by/4.0/
#curie_map:
#  nkgid: https://w3id.org/nanokg/id/
#  skos: http://www.w3.org/2004/02/skos/core#
#  semapv: https://w3id.org/semapv/vocab/
#  CHEBI: http://purl.obolibrary.org/obo/CHEBI_
#  MONDO: http://purl.obolibrary.org/obo/MONDO_
#  UO: http://purl.obolibrary.org/obo/UO_
#  hgnc: https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/
#  cellosaurus: https://www.cellosaurus.org/CVCL_
subject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\tmapping_justification\tconfidence\tcomment
"""


def _write_mappings(mappings: list[tuple[str, str, str, str, str]], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(_SSSOM_HEADER)
        for subject, label, predicate, obj, object_label in mappings:
            out.write(f"{subject}\t{label}\t{predicate}\t{obj}\t{object_label}\t"
                      f"semapv:ManualMappingCuration\t0.95\tsynthetic identifier for benchmarking\n")


def write_sources(sources: GeneratedSources, out: Path, schema_from: DataLayout) -> DataLayout:
    """Write a data folder: the schema and queries of ``schema_from``, and the generated graph."""
    if out.exists():
        shutil.rmtree(out)
    layout = DataLayout(out)
    shutil.copytree(schema_from.ontology_dir, layout.ontology_dir)
    if schema_from.queries_dir.is_dir():
        shutil.copytree(schema_from.queries_dir, layout.queries_dir)
    layout.graph_dir.mkdir(parents=True)
    for table in sources.tables:
        table.write(layout.graph_dir)
    _write_mappings(sources.mappings, layout.graph_dir / "mappings.sssom.tsv")
    return layout


def expected_triples(sources: GeneratedSources, schema_from: DataLayout) -> int:
    """The number of distinct triples ``nanokg build`` compiles from these sources."""
    from nanokg.schema import SchemaIndex
    from nanokg.sources import discover
    from nanokg.turtle import parse_turtle
    from nanokg.vocab import NKG, graph_name

    ontology = [quad for source in discover(schema_from) if source.kind == "ontology"
                for quad in parse_turtle(source, graph_name(source.stem))]
    inverse_predicates = {iri.replace(NKG, "nkg:") for iri in SchemaIndex.from_quads(ontology).inverses}
    has_review = any(row[0] == ["review"] for table in sources.tables for row in table.rows)
    records = sum(table.triple_count(inverse_predicates, has_review) for table in sources.tables)
    return len({quad.triple for quad in ontology}) + records + len(sources.mappings)


def formulations_for(triples: int, seed: int = 1, schema_from: DataLayout | None = None) -> int:
    """The number of formulations whose generated graph has about ``triples`` triples."""
    schema_from = schema_from or DataLayout(default_data_root())
    pilot = max(2, triples // 100)
    count = expected_triples(generate_tables(pilot, seed), schema_from)
    fixed = expected_triples(generate_tables(1, seed), schema_from)
    per_formulation = (count - fixed) / (pilot - 1)
    return max(1, round(1 + (triples - fixed) / per_formulation))


def generate(out: Path, triples: int | None = None, formulations: int | None = None, seed: int = 1,
             schema_from: DataLayout | None = None) -> DataLayout:
    """Write a synthetic data folder of about ``triples`` triples (or exactly ``formulations``)."""
    schema_from = schema_from or DataLayout(default_data_root())
    if formulations is None:
        if triples is None:
            raise ValueError("give triples or formulations")
        formulations = formulations_for(triples, seed, schema_from)
    return write_sources(generate_tables(formulations, seed), out, schema_from)


def parse_size(text: str) -> int:
    """``10k`` → 10000, ``1m`` → 1000000, ``2500`` → 2500."""
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if factor != 1 else text
    return int(float(number) * factor)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=parse_size, help="target size, e.g. 10k, 100k, 1m, 5m")
    parser.add_argument("--formulations", type=int, help="exact number of formulations instead")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--schema-from", type=Path, default=None,
                        help="data folder whose ontology/ and queries/ are copied (default: nanokg's)")
    parser.add_argument("--out", type=Path, required=True, help="data folder to write (replaced)")
    args = parser.parse_args(argv)
    if (args.triples is None) == (args.formulations is None):
        parser.error("give exactly one of --triples and --formulations")
    schema_from = DataLayout(args.schema_from) if args.schema_from else None
    layout = generate(args.out, args.triples, args.formulations, args.seed, schema_from)
    print(f"wrote {layout.graph_dir}")


if __name__ == "__main__":
    main()
