"""`python build.py` is the same as `factsheet build`."""

import sys

from factsheet.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
