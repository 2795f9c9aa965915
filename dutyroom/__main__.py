"""``python -m dutyroom`` and the ``dutyroom`` console script."""

from __future__ import annotations

import sys


def main() -> int:
    from dutyroom.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
