"""Allow ``python -m fahrplan``."""

import sys

from fahrplan.cli import main

sys.exit(main())
