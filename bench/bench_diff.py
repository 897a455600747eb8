"""Time ``ipgov diff`` on two large builds that differ in a few letters.

``python bench/bench_diff.py [--count 10000] [--work /tmp/ipgov-bench-diff]`` writes (or
reuses) ``--count`` synthetic letters (bench/make_corpus.py), a second folder of them that
differs in ten letters (four edited, three removed, three added), builds both with the
installed ``ipgov`` (or reuses builds made by the same tool), then runs ``ipgov diff`` on
them ``--repeat`` times and prints its wall time. Issue #17's target: under 5 s at 10,000
letters. The builds take one to four minutes each on two cores (200–260 s measured on a
busy machine) and 10 GB each of disk.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import make_corpus  # noqa: E402

from graph_builder.corpus.layout import MANIFEST  # noqa: E402

EDITED, REMOVED, ADDED = 4, 3, 3
INSERT = "我局依据《中华人民共和国反不正当竞争法》，依托深圳知识产权仲裁服务中心，会同市商务局开展专项执法行动。\n"


def ipgov() -> list[str]:
    """The installed command, run so that a checkout's sources do not shadow the installed package."""
    found = shutil.which("ipgov", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-P", "-m", "graph_builder"]


def tool_version() -> str:
    """The version line of the installed tool's builds (its manifest's ``tool``)."""
    code = "from graph_builder.corpus.manifest import tool_version; print(tool_version())"
    return subprocess.run([sys.executable, "-P", "-c", code], check=True, capture_output=True, text=True).stdout.strip()


def letters(work: Path, count: int) -> tuple[Path, Path]:
    """The two letter folders: ``old`` (``count`` letters) and ``new`` (ten letters differ)."""
    old, new = work / "letters-old", work / "letters-new"
    if not old.is_dir() or len(list(old.glob("*.txt"))) != count:
        shutil.rmtree(old, ignore_errors=True)
        make_corpus(count, old)
    if not new.is_dir() or len(list(new.glob("*.txt"))) != count - REMOVED + ADDED:
        shutil.rmtree(new, ignore_errors=True)
        new.mkdir(parents=True)
        paths = sorted(old.glob("*.txt"))
        edited = set(paths[1 : 1 + EDITED * 997 : 997])  # spread over the corpus
        removed = set(paths[2 + 500 : 2 + 500 + REMOVED * 1499 : 1499])
        for path in paths:
            if path in removed:
                continue
            target = new / path.name
            if path in edited:
                text = path.read_text(encoding="utf-8")
                at = text.rfind("感谢")
                target.write_text(text[:at] + INSERT + text[at:], encoding="utf-8")
            else:
                target.hardlink_to(path)
        extra = work / "letters-extra"
        shutil.rmtree(extra, ignore_errors=True)
        for index, path in enumerate(make_corpus(ADDED, extra, seed=99)):
            shutil.copyfile(path, new / f"syn_added_{index}.txt")
        shutil.rmtree(extra)
    return old, new


def build(letters_folder: Path, out: Path, tool: str) -> float | None:
    """Build ``letters_folder`` into ``out`` unless a build of it by ``tool`` is there; seconds taken."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        count = len(list(letters_folder.glob("*.txt")))
        if manifest["tool"] == tool and len(manifest["letters"]) == count:
            return None
    except (OSError, ValueError, KeyError):
        pass
    start = time.perf_counter()
    subprocess.run([*ipgov(), "build", str(letters_folder), "-o", str(out), "--no-validate", "--force"],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="letters in the old build (default 10000)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/ipgov-bench-diff"), help="scratch folder")
    parser.add_argument("--repeat", type=int, default=3, help="diff runs (default 3; the best and all are shown)")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    old_letters, new_letters = letters(args.work, args.count)
    tool = tool_version()
    for name, folder in (("old", old_letters), ("new", new_letters)):
        took = build(folder, args.work / f"out-{name}", tool)
        print(f"build {name}: " + ("reused" if took is None else f"{took:.1f} s"), flush=True)
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        done = subprocess.run([*ipgov(), "diff", str(args.work / "out-old"), str(args.work / "out-new"),
                               "--format", "json"], capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 1:
            print(done.stderr, file=sys.stderr)
            raise SystemExit(f"ipgov diff exited {done.returncode}, expected 1 (the builds differ)")
    data = json.loads(done.stdout)
    same_tool = data["old"]["tool"] == data["new"]["tool"]
    how = ("same tool: unchanged letters not opened" if same_tool
           else "the tool changed between the builds: every common letter's lines compared")
    print(f"ipgov diff {args.count} letters: {min(times):.2f} s best of {args.repeat} "
          f"({', '.join(f'{t:.2f}' for t in times)}); {how}; {data['summary']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
