"""The `validate` verb: row checks plus SHACL, as one report for curators and scripts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from eheritage.chunks import Chunks, helper_count
from eheritage.jsonout import Array
from eheritage.metadata.checks import Named, Problem, RowChecker
from eheritage.metadata.read import Row
from eheritage.metadata.records import Catalogue, RecordReader, read_catalogue
from eheritage.metadata.shapes import PatternKey, ShapeCheck, ShapeLens
from eheritage.profiles import Profile, load_profile
from eheritage.spool import Spool
from eheritage.progress import Progress

if TYPE_CHECKING:
    from eheritage.crosswalks.tiers import RecordTiers


@dataclass
class ValidationReport:
    """What validation found: rows read and problems in row order."""

    catalogue: Path
    profile: str
    rows: int
    problems: list[Problem] = field(default_factory=list)
    #: (first, later) rows whose identifiers name one record; publish refuses to start on them.
    collisions: list[tuple[Named, Named]] = field(default_factory=list)
    #: Each record's Europeana tiers, when they were previewed (`eheritage.pipeline.preview`).
    tiers: Spool[RecordTiers] = field(default_factory=Spool)

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)

    def to_json(self) -> dict[str, object]:
        """`{"rows", "errors", "warnings", "problems": [...], "tiers"}` as documented in `validate --help`."""
        from eheritage.crosswalks.tiers import RecordTiers, summary

        found: dict[str, object] = {
            "rows": self.rows,
            "errors": self.errors,
            "warnings": self.warnings,
            "problems": [p.to_json() for p in self.problems],
        }
        if self.tiers:
            found["tiers"] = {"summary": summary(self.tiers), "records": Array(self.tiers, RecordTiers.to_json)}
        return found


def _merge(row_problems: list[Problem], shape_problems: list[Problem]) -> list[Problem]:
    """Row checks speak first (their messages quote the cell); SHACL adds what they missed."""
    seen = {(p.row, p.field) for p in row_problems}
    whole_column = {p.field for p in row_problems if p.row == 1 and p.field}
    extra = [p for p in dict.fromkeys(shape_problems) if (p.row, p.field) not in seen and p.field not in whole_column]
    return sorted(row_problems + extra, key=lambda p: p.row)


#: From this many rows validate checks them in helper processes unless told how many:
#: below it, starting them costs more than they save (2 cores: at 10,000 rows the helpers
#: were 0.7x to 1.0x one process, at 20,000 rows 1.1x to 1.25x; bench/describe.py).
HELPERS_FROM = 20_000


@dataclass(frozen=True)
class RowWork:
    """How rows are checked: all a helper process needs besides the rows."""

    read: RecordReader
    checker: RowChecker
    lens: ShapeLens


def check_rows(work: RowWork, rows: list[Row]) -> tuple[list[Problem], set[PatternKey]]:
    """The row checks' problems of `rows`, in row order, and the shape patterns of their nodes."""
    problems: list[Problem] = []
    patterns: set[PatternKey] = set()
    for row in rows:
        record = work.read(row)
        problems.extend(work.checker.row_problems(record))
        patterns.update(work.lens.patterns(record))
    return problems, patterns


def validate_catalogue(catalogue: Catalogue, *, scans_dir: Path | None = None, progress: Progress | None = None,
                       workers: int | None = None) -> ValidationReport:
    """Validate an already-read catalogue (publish reads it once and reuses it).

    One pass over the rows serves both the row checks and the SHACL shapes' patterns;
    before it, a pass over the identifiers alone finds collisions and what references name.
    From `HELPERS_FROM` rows the rows are checked in helper processes, one per core, or
    `workers` of them (1: in this process).
    """
    total = len(catalogue)
    if progress:
        progress(0, total, "checking identifiers")
    checker, shapes = RowChecker(catalogue, scans_dir or catalogue.path.parent), ShapeCheck(catalogue)
    found = list(checker.header_problems(catalogue.table))
    work = RowWork(catalogue.reader(), checker, shapes.lens)
    with Chunks(check_rows, work, helper_count(total, workers, from_rows=HELPERS_FROM)) as chunks:

        def add(done: list[tuple[list[Problem], set[PatternKey]]]) -> None:
            for problems, patterns in done:
                found.extend(problems)
                shapes.add_patterns(patterns)

        for done, row in enumerate(catalogue.rows(), start=1):
            add(chunks.add(row))
            if progress and done % 500 == 0:
                progress(done, total, "checking rows")
        add(chunks.finish())
    if progress:
        progress(total, total, "checking RDF (SHACL)")
    return ValidationReport(catalogue.path, catalogue.profile.name, total, _merge(found, shapes.problems()),
                            checker.identities.pairs)


def validate(
    catalogue: Path,
    profile: Profile | str | Path,
    *,
    scans_dir: Path | None = None,
    progress: Progress | None = None,
    sheet: str | None = None,
) -> ValidationReport:
    """Check a catalogue spreadsheet against a profile; see `ValidationReport`."""
    loaded = profile if isinstance(profile, Profile) else load_profile(profile)
    return validate_catalogue(read_catalogue(catalogue, loaded, sheet=sheet), scans_dir=scans_dir, progress=progress)
