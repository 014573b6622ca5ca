"""Progress on stderr for the commands that can take more than a second, with Rich.

`with progress("building the report") as tick:` shows a spinner with the label; where the core
reports its progress, pass `tick` on as its `progress(done, total)` callback and the spinner
becomes a bar with a count. Nothing is shown when stderr is not a terminal (a pipe, a log
file, the tests): `tick` is then None, which the core takes as "no progress wanted", and
stderr carries only the usual messages. The display vanishes when the block ends, so the
messages that follow stand alone.

Wrap only the work, never the writing of results to stdout: stdout may be the same terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Tick = Callable[[int, int], None]


@contextmanager
def progress(label: str) -> Iterator[Tick | None]:
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    display = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                       TextColumn("{task.fields[count]}"), TimeElapsedColumn(),
                       console=Console(file=sys.stderr), transient=True,
                       redirect_stdout=False, redirect_stderr=False)
    with display:
        task = display.add_task(label, total=None, count="")

        def tick(done: int, total: int) -> None:
            display.update(task, completed=done, total=max(total, 1), count=f"{done}/{total}")

        yield tick
