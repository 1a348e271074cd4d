"""Generated museum catalogues of any length, for the benchmarks (imported from beside them).

Rows look like a real museum's: three title languages, an Azerbaijani maker, a circa date,
a labelled dimension and a collection, so every mapper and check is exercised.
"""

from __future__ import annotations

import csv
from pathlib import Path

_ROW = {
    "object_name": "painting",
    "title@az": "Qız portreti {n}",
    "title@ru": "Портрет девушки {n}",
    "title@en": "Portrait of a girl {n}",
    "description@en": "Oil sketch, catalogue entry {n}.",
    "maker": "Mirzə Qədim İrəvani",
    "date": "c.18{d:02d}",
    "place_made": "Tiflis",
    "materials": "oil paint|canvas",
    "dimensions": "support: {h} x 419 mm",
    "credit_line": "Transferred 1936",
    "collection": "Rəngkarlıq {c}",
    "rights": "http://rightsstatements.org/vocab/InC/1.0/",
}


def write_museum_catalogue(path: Path, n: int, *, image_files: bool = False) -> None:
    """`n` rows with identifiers `ŞƏK 0/0`, `ŞƏK 0/1`...; `image_files` names `img<n>.jpg` per row."""
    columns = {**_ROW, **({"image_files": "img{n}.jpg"} if image_files else {})}
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["object_number", *columns])
        for i in range(n):
            values = [v.format(n=i, d=i % 100, h=300 + i % 200, c=i % 7) for v in columns.values()]
            writer.writerow([f"ŞƏK {i // 100}/{i % 100}", *values])
