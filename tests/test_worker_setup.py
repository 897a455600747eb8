"""Worker processes forget the signal handlers of the process that forked them.

A program that runs ipgov in-process (the tests, through ``main``) may have Python handlers of
its own for SIGTERM; a pool stops its workers with SIGTERM, and a worker that raised an
exception there instead of ending could leave the pool waiting for it.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import pytest

from graph_builder.corpus.workers import context

DEFAULTS = (signal.SIG_DFL, signal.SIG_DFL, signal.SIG_IGN)  # SIGTERM, SIGHUP end it; SIGINT is the parent's


def _handlers(_: object = None) -> tuple[object, ...]:
    return tuple(signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT))


def _raise(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@pytest.fixture
def raising_handlers() -> Iterator[None]:
    """SIGTERM and SIGHUP raise in this process, as ``ipgov serve``'s handlers do."""
    before = {sig: signal.signal(sig, _raise) for sig in (signal.SIGTERM, signal.SIGHUP)}
    yield
    for sig, handler in before.items():
        signal.signal(sig, handler)


@pytest.mark.usefixtures("raising_handlers")
def test_folder_validation_workers_start_with_default_handlers() -> None:
    from graph_builder.validate.folder import _init_worker

    assert _handlers() != DEFAULTS  # the parent's own, which a plain fork would copy
    with context().Pool(1, initializer=_init_worker) as pool:
        assert pool.apply(_handlers) == DEFAULTS


@pytest.mark.usefixtures("raising_handlers")
def test_graph_validation_workers_start_with_default_handlers() -> None:
    from graph_builder.validate.run import _init_worker

    with ProcessPoolExecutor(1, mp_context=context(), initializer=_init_worker) as pool:
        assert pool.submit(_handlers).result() == DEFAULTS


@pytest.mark.usefixtures("raising_handlers")
def test_build_workers_start_with_default_handlers() -> None:
    from graph_builder.corpus import workers
    from graph_builder.worker_setup import prepare_worker

    assert "prepare_worker" in workers._worker_init.__code__.co_names  # its start needs a staging folder
    with context().Pool(1, initializer=prepare_worker) as pool:
        assert pool.apply(_handlers) == DEFAULTS
