"""Moved to ``graph_builder.corpus.manifest``; this name stays for the modules that still import it."""

from graph_builder.corpus.manifest import *  # noqa: F403
