"""The ``ipgov`` command in process: build, extract, eval, help, and bad input."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from graph_builder.cli import build_parser, main
from graph_builder.corpus.blocks import letter_facts, letter_graph

GOOD = (
    "某市知识产权局关于市政协七届一次会议第0101号提案答复的函\n"
    "张三委员：\n"
    "您提出的《关于加强商标保护的提案》收悉。我局会同市司法局进行了认真研究，现答复如下。\n"
    "一、我局已建立商标保护工作站。\n"
    "某市知识产权局\n"
    "2021年3月4日\n"
)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_build_without_arguments_builds_the_bundled_letter(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`ipgov build` alone builds the seed into ./ipgov-out."""
    assert main(["build", "--no-validate"]) == 0
    out = in_tmp / "ipgov-out"
    assert len(letter_graph(out, "000_cf6b83477be807db") or b"") > 100_000
    assert (out / "dataset.nq").is_file()
    assert not (out / "graphs").exists()  # one copy of the N-Quads: dataset.nq
    for name in ("dataset.trig", "merged.ttl"):  # asked for with --formats
        assert not (out / name).exists(), name
    facts = letter_facts(out, "000_cf6b83477be807db")
    assert facts is not None and facts["doc_number"] == "深市质政案函〔2018〕44号"
    assert facts == json.loads((out / "facts.jsonl").read_text(encoding="utf-8"))  # one line: one letter
    printed = capsys.readouterr().out
    assert "built 1 letter(s), failed 0" in printed
    assert "CourtCase" in printed


def test_build_formats_adds_trig_and_turtle_and_drops_them_again(in_tmp: Path) -> None:
    assert main(["build", "--no-validate", "--formats", "trig,ttl"]) == 0
    out = in_tmp / "ipgov-out"
    assert (out / "dataset.trig").read_text(encoding="utf-8").startswith("@prefix ")
    assert "ipgov:respondsTo" in (out / "merged.ttl").read_text(encoding="utf-8")
    assert (out / ".cache" / "trig" / "000_cf6b83477be807db.trig").is_file()
    # a later build without them removes the merged files, which would describe an older build
    assert main(["build", "--no-validate", "--force"]) == 0
    assert not (out / "dataset.trig").exists() and not (out / "merged.ttl").exists()
    assert not (out / ".cache" / "trig" / "000_cf6b83477be807db.trig").exists()


def test_build_rejects_an_unknown_format(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "--formats", "nq,xml"])
    assert exit_info.value.code == 2
    assert "unknown format xml" in capsys.readouterr().err


def test_extract_prints_format_json(seed_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`ipgov extract` prints the facts JSON of eval/FORMAT.md."""
    assert main(["extract", str(seed_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "000_cf6b83477be807db"
    assert [c["name"] for c in data["co_handlers"]] == ["深圳法院", "市经信委"]
    assert data["cases"][2]["plaintiff"] == "华为" and data["cases"][2]["defendant"] == "三星"
    assert all(e["end"] > e["start"] for p in data["platforms"] for e in p["evidence"])


def test_extract_text_format(seed_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The text format lists each key with its items."""
    assert main(["extract", str(seed_path), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "responding_agency: 深圳市市场和质量监督管理委员会" in out
    assert "  - 华为公司 [Company]" in out


def test_eval_table(shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`ipgov eval` scores the seed against its gold."""
    assert main(["eval", str(shared_dir / "eval/gold"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    seed = data["letters"][0]
    assert seed["letter"] == "000_cf6b83477be807db" and seed["single"] == "7/7"
    assert float(seed["F1 lenient"]) >= 0.95


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    """--help works for the program and each sub-command, and documents exit codes."""
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"build", "extract", "eval"} <= set(commands)
    for name in commands:
        with pytest.raises(SystemExit) as done:
            main([name, "--help"])
        assert done.value.code == 0
        assert "exit codes:" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty file"),
        (b"\x00\x01\x02binary\x00", "binary file"),
        ("答复函".encode() + b"\xff\xfe\xff\x80\x81", "cannot decode"),
        (b"hello world, this is not a letter at all\n", "no Chinese text"),
        ("今天天气很好，我们去公园散步，看到很多花开了，非常漂亮，心情愉快极了。".encode(), "not a reply letter"),
    ],
)
def test_bad_file_gives_one_line_and_exit_1(
    in_tmp: Path, content: bytes, problem: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad letter in a folder: one `path: problem` line, exit 1, the good letter still built."""
    letters = in_tmp / "letters"
    letters.mkdir()
    (letters / "good.txt").write_text(GOOD, encoding="utf-8")
    (letters / "bad.txt").write_bytes(content)
    code = main(["build", str(letters), "-o", str(in_tmp / "out"), "--no-validate", "-j", "1"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1 and err[0].startswith(str(letters / "bad.txt") + ": ") and problem in err[0], err
    assert letter_graph(in_tmp / "out", "good")
    assert letter_graph(in_tmp / "out", "bad") is None


def test_failed_rebuild_leaves_earlier_output_intact(in_tmp: Path) -> None:
    """A letter that turns bad keeps its earlier graph byte for byte."""
    letters = in_tmp / "letters"
    letters.mkdir()
    (letters / "a.txt").write_text(GOOD, encoding="utf-8")
    assert main(["build", str(letters), "-o", "out", "--no-validate"]) == 0
    before = letter_graph(in_tmp / "out", "a")
    (letters / "a.txt").write_bytes(b"\x00\x00")
    assert main(["build", str(letters), "-o", "out", "--no-validate"]) == 1
    assert before and letter_graph(in_tmp / "out", "a") == before


def test_missing_path_is_a_usage_error(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path that does not exist: exit 2 and a line naming it."""
    assert main(["build", "nowhere", "--no-validate"]) == 2
    assert "nowhere: no such file or folder" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("ipgov") is None, reason="the ipgov entry point is not installed")
def test_installed_entry_point_runs(tmp_path: Path) -> None:
    """The installed `ipgov` command runs in a fresh process from another folder."""
    import subprocess

    done = subprocess.run(
        ["ipgov", "--version"], capture_output=True, text=True, cwd=tmp_path, env=os.environ, check=False
    )
    assert done.returncode == 0 and done.stdout.startswith("ipgov ")
