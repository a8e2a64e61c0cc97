"""Allow ``python -m fahrplan``."""

import sys

from fahrplan.cli.main import main

sys.exit(main())
