"""`python -m factsheet` is the same as the `factsheet` command."""

import sys

from factsheet.cli import main

sys.exit(main())
