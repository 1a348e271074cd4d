"""Memory stays flat as catalogues grow: the streaming publish, checked by its own benchmark.

`bench/memory.py` runs each command in a child process and reads its peak RSS from the
kernel; here on 2,000 and 12,000 rows (the full target, 20,000 to 200,000, is the bench's
default). Before streaming, a 10x longer catalogue took 5.6x the memory to publish.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "memory.py"


def test_publish_memory_hardly_grows_with_the_catalogue() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH), "--small", "2000", "--large", "12000", "--commands", "publish", "--max-growth", "1.5"],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "publish: peak RSS" in result.stdout
