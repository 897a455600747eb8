"""The build processes keep freed memory: a megabyte made and freed per letter is not faulted in again."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

_CHURN = """
import resource, sys
from graph_builder.corpus.allocator import keep_freed_memory
tuned = sys.argv[1] == "tuned" and keep_freed_memory()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for n in range(200):
    data = b"x" * (1 << 20) + bytes([n % 256])  # a letter's graph: a fresh megabyte, then freed
    del data
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _faults(mode: str) -> int:
    done = subprocess.run([sys.executable, "-P", "-c", _CHURN, mode], capture_output=True, text=True, check=True)
    return int(done.stdout)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="tunes glibc's malloc only")
def test_freed_megabytes_are_reused_not_faulted_in_again() -> None:
    plain, tuned = _faults("plain"), _faults("tuned")
    assert plain > 200 * 100  # each megabyte mapped and faulted in anew (256 pages)
    assert tuned < plain / 10
