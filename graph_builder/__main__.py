"""``python -m graph_builder`` runs the ``ipgov`` command."""

import sys

from graph_builder.cli import main

sys.exit(main())
