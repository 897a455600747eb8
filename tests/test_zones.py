"""ZoneIndex answers exactly as the plain ``inside`` and ``overlaps`` scans do."""

from __future__ import annotations

import random

from graph_builder.extract.zones import ZoneIndex, inside, overlaps
from graph_builder.model import Span


def test_zone_index_equals_plain_scans_on_random_spans() -> None:
    rng = random.Random(7)
    for _ in range(200):
        zones = []
        for _ in range(rng.randint(0, 12)):
            start = rng.randint(0, 60)
            zones.append(Span(start, start + rng.randint(1, 15)))
        index = ZoneIndex(zones)
        for _ in range(50):
            start = rng.randint(0, 70)
            span = Span(start, start + rng.randint(1, 10))
            assert index.contains(span) == inside(span, zones), (span, zones)
            assert index.overlaps(span) == overlaps(span, zones), (span, zones)


def test_nested_and_touching_zones() -> None:
    index = ZoneIndex([Span(0, 10), Span(2, 4), Span(10, 12)])
    assert index.contains(Span(3, 4)) and index.contains(Span(5, 10))
    assert not index.contains(Span(9, 11))  # covered by two zones, held by none
    assert index.overlaps(Span(9, 11)) and not index.overlaps(Span(12, 13))
