"""Sub-commands of ``ipgov``: one module each, discovered by ``graph_builder.cli``."""
