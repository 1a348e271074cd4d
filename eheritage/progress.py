"""How long library work tells its caller how far it has got.

Every long-running function takes an optional `progress(done, total, what)`: items done,
items in all (None while not yet known) and what is being worked on now. The CLI turns it
into a rich bar (`eheritage.cli.console.progress_bar`); scripts pass their own or nothing.
Kept free of imports beyond the standard library: helper processes import it too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Optional

Progress = Callable[[int, Optional[int], str], None]
