"""The command line: ``pdrs-rules check|evaluate|test|report|…``; ``run()`` needs no subprocess.

A public module: ``main`` is the console script, ``run(argv, stdout, stderr)`` runs a command line
in process, ``ExitCode`` documents the exit statuses. One private module per subcommand.
May import: every other part of the package; nothing in the package imports it.
"""

from ._main import main, run
from ._shared import ExitCode

__all__ = ["ExitCode", "main", "run"]
