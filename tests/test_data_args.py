"""DATA: every command that reads a build takes it positionally and with --data, with one set of messages."""

from __future__ import annotations

import argparse
import json
import signal
from pathlib import Path

import pytest
from cli_runner import run_cli as _cli

from graph_builder.data_args import (
    DEFAULT_DATA,
    NO_DEFAULT,
    NOT_RDF,
    add_data_arguments,
    build_folder,
    data_paths,
    rdf_files,
)
from graph_builder.errors import InputError, UsageError

SEED_AGENCY = "深圳市市场和质量监督管理委员会"


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed letter built into a folder, as `ipgov build -o DIR` writes it."""
    out = tmp_path_factory.mktemp("data") / "out"
    assert _cli("build", "-o", str(out), "--no-validate")[0] == 0
    return out


# --- the resolver ------------------------------------------------------------------------------


def _parse(argv: list[str], deprecated: tuple[str, ...] = ()) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_data_arguments(parser, deprecated=deprecated)
    return parser.parse_args(argv)


def test_positional_and_option_are_one_list_in_order() -> None:
    assert data_paths(_parse(["a", "--data", "b"])) == [Path("a"), Path("b")]
    assert data_paths(_parse(["--data", "x"])) == [Path("x")]
    assert data_paths(_parse([])) == [DEFAULT_DATA] == [Path("ipgov-out")]
    assert data_paths(_parse([]), default=False) == []


def test_count_is_checked(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UsageError, match=r"takes one build folder as DATA, not 2 \(a, b\)"):
        data_paths(_parse(["a", "b"]), exactly=1)
    with pytest.raises(UsageError, match="takes 2 build folders as DATA, not 0"):
        data_paths(_parse([]), exactly=2, default=False)
    args = _parse(["-o", "old"], deprecated=("-o", "--out"))
    args.command = "entities"
    assert data_paths(args, exactly=1) == [Path("old")]
    assert capsys.readouterr().err == (
        "ipgov: note: `entities -o DIR` is deprecated for an input; write `ipgov entities DIR`\n"
    )


def test_rdf_files_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InputError) as caught:
        rdf_files([tmp_path / "missing"])
    assert str(caught.value) == f"{tmp_path / 'missing'}: no such file or folder"
    with pytest.raises(InputError, match=r"holds no dataset\.nq nor any \.nq/\.trig/\.ttl/\.nt file"):
        rdf_files([tmp_path])
    notes = tmp_path / "notes.txt"
    notes.write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        rdf_files([notes])
    assert str(caught.value) == f"{notes}: {NOT_RDF}"
    (tmp_path / "b.ttl").write_text("", encoding="utf-8")
    (tmp_path / "a.NQ").write_text("", encoding="utf-8")
    assert rdf_files([tmp_path]) == [tmp_path / "a.NQ", tmp_path / "b.ttl"]  # a folder of RDF files, sorted
    (tmp_path / "dataset.nq").write_text("", encoding="utf-8")
    assert rdf_files([tmp_path, notes.with_name("b.ttl")]) == [tmp_path / "dataset.nq", tmp_path / "b.ttl"]
    monkeypatch.chdir(tmp_path / "..")
    with pytest.raises(InputError) as caught:
        rdf_files([])  # the default, not there
    assert str(caught.value) == f"ipgov-out: {NO_DEFAULT}"


def test_build_folder_messages(tmp_path: Path, build: Path) -> None:
    assert build_folder(build) == build
    with pytest.raises(InputError, match="no such folder; build one with: ipgov build -o"):
        build_folder(tmp_path / "none")
    with pytest.raises(InputError, match=r"not a build output folder \(no manifest\.json and dataset\.nq\)"):
        build_folder(tmp_path)


# --- every command, both ways ------------------------------------------------------------------


def test_query_both_ways_and_in_any_order(build: Path) -> None:
    ways = [
        ("query", "co-handlers", str(build), "--format", "csv"),
        ("query", "co-handlers", "--data", str(build), "--format", "csv"),
        ("query", "--format", "csv", "co-handlers", str(build)),
        ("query", "co-handlers", "--format", "csv", str(build)),
    ]
    answers = {_cli(*argv) for argv in ways}
    assert len(answers) == 1
    code, out, err = answers.pop()
    assert (code, err) == (0, "")
    assert "深圳法院" in out and out.startswith("\ufeffagency,agencyName,coHandler,coHandlerName,replies\r\n")


def test_query_refuses_data_with_endpoint(build: Path) -> None:
    code, _, err = _cli("query", "replies", str(build), "--endpoint", "http://127.0.0.1:9/sparql")
    assert code == 2 and "--endpoint and DATA" in err


def test_export_both_ways(build: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one.graphml", tmp_path / "two.graphml"
    assert _cli("export", "graphml", str(build), "-o", str(one))[0] == 0
    assert _cli("export", "graphml", "-o", str(two), "--data", str(build))[0] == 0
    assert one.read_bytes() == two.read_bytes() and SEED_AGENCY in one.read_text(encoding="utf-8")


def test_validate_both_ways(build: Path) -> None:
    positional = _cli("validate", str(build), "--format", "json")
    option = _cli("validate", "--format", "json", "--data", str(build))
    assert positional == option
    assert json.loads(positional[1])["@type"] in ("sh:ValidationReport", "ValidationReport")


def test_entities_both_ways_and_the_old_spelling(build: Path) -> None:
    positional = _cli("entities", str(build), "--format", "jsonl", "--kind", "org")
    option = _cli("entities", "--data", str(build), "--format", "jsonl", "--kind", "org")
    old = _cli("entities", "-o", str(build), "--format", "jsonl", "--kind", "org")
    assert positional == option and positional[0] == 0 and positional[2] == ""
    assert old[:2] == positional[:2] and "deprecated" in old[2] and old[2].count("\n") == 1
    names = [json.loads(line)["canonical"] for line in positional[1].splitlines()]
    assert SEED_AGENCY in names


def test_push_both_ways(build: Path) -> None:
    """Both spellings reach the store (unreachable here: exit 3 naming it), so both read DATA."""
    for argv in (("push", str(build)), ("push", "--data", str(build))):
        code, _, err = _cli(*argv, "--store", "http://127.0.0.1:9/store", "--retries", "0", "--timeout", "2")
        assert code == 3 and "127.0.0.1:9" in err, err


def test_serve_both_ways(build: Path, tmp_path: Path) -> None:
    """Both spellings pass the DATA check and stop at the bad address, before any server starts;
    the process's own signal handlers are left as they were (a SIGTERM to pytest stays pytest's)."""
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)
    for argv in (("serve", str(build)), ("serve", "--data", str(build))):
        code, _, err = _cli(*argv, "--bind", "no such host!")
        assert code == 2 and "--bind" in err, err
    code, _, err = _cli("serve", str(tmp_path), "--bind", "no such host!")
    assert code == 2 and "not a build output folder" in err
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)) == before


def test_review_both_ways(build: Path, tmp_path: Path) -> None:
    for name, argv in (("a", (str(build),)), ("b", ("--data", str(build)))):
        code, out, err = _cli("review", *argv, "-o", str(tmp_path / name))
        assert (code, err) == (0, "") and "wrote 1 letter page(s)" in out
    assert (tmp_path / "a" / "index.html").read_bytes() == (tmp_path / "b" / "index.html").read_bytes()


def test_diff_both_ways(build: Path) -> None:
    positional = _cli("diff", str(build), str(build), "--format", "json")
    option = _cli("diff", "--data", str(build), "--data", str(build), "--format", "json")
    assert positional == option and positional[0] == 0
    code, _, err = _cli("diff", str(build))
    assert code == 2 and "takes 2 build folders as DATA, not 1" in err


def test_every_reader_names_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without DATA and without ./ipgov-out, each reader says the same kind of thing: build first."""
    monkeypatch.chdir(tmp_path)
    for argv in (("query", "replies"), ("export", "gephi"), ("validate",)):
        code, _, err = _cli(*argv)
        assert code == 2 and err == f"ipgov: ipgov-out: {NO_DEFAULT}\n", (argv, err)
    for argv in (("entities",), ("review",), ("push", "--store", "http://127.0.0.1:9/s")):
        code, _, err = _cli(*argv)
        assert code == 2 and err == f"ipgov: ipgov-out: {NO_DEFAULT}\n", (argv, err)
