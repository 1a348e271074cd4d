"""What a run reports per record is spooled to disk and written out piece by piece:
`eheritage.spool` and `eheritage.jsonout`, on which a million-record publish stays flat."""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from eheritage.jsonout import Array, write_json
from eheritage.spool import Spool

WORDS = st.text(alphabet=st.sampled_from("aəşğıöüçФж\"\\\n 0/"), max_size=12)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | WORDS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(WORDS, inner, max_size=5),
    max_leaves=40,
)


def written(value: Any) -> str:
    stream = io.StringIO()
    write_json(value, stream)
    return stream.getvalue()


@given(st.lists(WORDS, max_size=60), st.integers(1, 7))
def test_a_spool_gives_back_what_it_was_given_in_order_however_often_it_spills(items: list[str], in_memory: int) -> None:
    spool: Spool[str] = Spool(in_memory=in_memory)
    for item in items:
        spool.append(item)
    assert list(spool) == items and list(spool) == items  # read twice: the file is rewound
    assert len(spool) == len(items) and bool(spool) == bool(items) and spool == items


def test_appending_after_reading_keeps_the_order() -> None:
    spool = Spool(range(5), in_memory=2)
    assert list(spool) == [0, 1, 2, 3, 4]
    spool.extend(range(5, 9))
    assert list(spool) == list(range(9))


@settings(max_examples=200)
@given(JSON)
def test_the_written_json_reads_back_as_the_value(value: Any) -> None:
    assert json.loads(written(value)) == value


@given(st.lists(st.integers(), max_size=30), st.integers(1, 5))
def test_an_array_is_written_item_by_item_through_its_conversion(numbers: list[int], in_memory: int) -> None:
    spool = Spool(numbers, in_memory=in_memory)
    document = {"count": len(spool), "records": Array(spool, lambda n: {"n": n, "next": {"n": n + 1}})}
    text = written(document)
    assert json.loads(text) == {"count": len(numbers), "records": [{"n": n, "next": {"n": n + 1}} for n in numbers]}
    # one record per line: a report of a million records greps and diffs line by line
    assert sum(line.lstrip().startswith('{"n":') for line in text.splitlines()) == len(numbers)
