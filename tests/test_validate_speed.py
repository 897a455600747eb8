"""The shortcuts of the fast letter path give what the plain way gives."""

from __future__ import annotations

from pathlib import Path

from graph_builder.validate.inputs import read_letter_block, read_nquads


def test_a_build_block_is_read_without_parsing_as_parsing_reads_it(seed_nquads: Path) -> None:
    """One named graph: its N-Triples by dropping each line's graph; the same triples as parsing them."""
    import pyoxigraph as ox

    data = seed_nquads.read_bytes()
    fast, parsed = read_letter_block(data, seed_nquads), read_nquads(data, seed_nquads)
    assert fast.keys() == parsed.keys()
    for graph in fast:
        as_set = [set(ox.parse(g[graph], format=ox.RdfFormat.N_TRIPLES)) for g in (fast, parsed)]
        assert as_set[0] == as_set[1]


def test_a_block_of_two_graphs_is_parsed(seed_nquads: Path) -> None:
    """Lines of another graph (or of none) make the block go through the parser."""
    data = seed_nquads.read_bytes()
    line = data.splitlines(keepends=True)[0]
    other = line[: line.rindex(b" <")] + b" <https://w3id.org/ipgov/graph/other> .\n"
    graphs = read_letter_block(data + other, "x")
    assert graphs == read_nquads(data + other, "x")
    assert len(graphs) == 2


def test_shared_lines_are_the_lines_of_shared_things(seed_nquads: Path) -> None:
    """The regular expression finds exactly the N-Triples lines whose subject is a shared thing."""
    from graph_builder.validate.folder import _SHARED, _shared_lines

    (_graph, nt), = read_letter_block(seed_nquads.read_bytes(), seed_nquads).items()
    expected = "".join(line + "\n" for line in nt.decode("utf-8").splitlines() if line.startswith(_SHARED))
    assert _shared_lines(nt) == expected
    assert expected.count("\n") > 50
    assert all(line.endswith(" .") and line.count("<https://w3id.org/ipgov/graph/") == 0
               for line in expected.splitlines())
