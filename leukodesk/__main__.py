"""``python -m leukodesk`` runs the same entry point as the ``leukodesk`` command."""

from __future__ import annotations

import sys

from leukodesk.app import main

if __name__ == "__main__":
    sys.exit(main())
