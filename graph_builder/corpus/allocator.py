"""Keep freed memory for reuse: a build allocates and frees about ten megabytes a letter.

glibc's malloc gives memory back to the system as soon as the top of the heap is free,
and serves large blocks (a letter's megabyte of N-Quads) by ``mmap``; each letter then
faults the same memory in again: 130 page faults a letter, a third of a second of system
time per 1,000 letters. Raising those thresholds keeps the memory in the process, which
a worker reuses for the next letter. Applied to build processes only (the workers and
``ipgov build``), never to a program that imports the package. Elsewhere than glibc,
nothing happens.
"""

from __future__ import annotations

import ctypes

_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3  # mallopt parameters (malloc.h)


def keep_freed_memory() -> bool:
    """Tune this process's malloc; True when it could (glibc)."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):  # not glibc, or no C library to load this way
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    settings = ((_M_MMAP_THRESHOLD, 64 << 20), (_M_TRIM_THRESHOLD, 256 << 20), (_M_TOP_PAD, 64 << 20))
    return all(mallopt(parameter, value) == 1 for parameter, value in settings)
