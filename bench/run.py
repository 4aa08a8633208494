"""`make bench [SIZE=M|S|L|S,M,L] [SECONDS=20] [REBUILD=1]`: see apps/bench/runner.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from apps.bench.runner import main

if __name__ == "__main__":
    sys.exit(main())
