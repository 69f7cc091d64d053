"""Run the command line with ``python -m pdrs_rules``."""

import sys

from .cli import main

sys.exit(main())
