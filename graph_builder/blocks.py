"""Moved to ``graph_builder.corpus.blocks``; this name stays for the modules that still import it."""

from graph_builder.corpus.blocks import *  # noqa: F403
