"""Concurrent writers: N `qualcode` processes write to one project at once, each running `memo`
and `codings import` (one row, a span of its own) over and over, and noting what it was told:
saved (exit 0 and the command's message) or refused (exit 1 and exactly the busy line). At the
end the database must hold exactly what the writers were told: every saved memo and coding
once, every refused one not at all. Anything else a command says (a traceback, "internal
error", "database is locked") is a failure.

Usage: .venv/bin/python benchmarks/bench_concurrency.py [--writers 20] [--seconds 60]
       [--wait SECONDS]

Prints how many commands ran, how many were refused as busy, the latency of each command kind
(median, p95: a whole process, start-up included) and whether the database matched. --wait
shortens how long a write waits for another's (qualcode waits 30 s) so that refusals happen.
tests/test_concurrency.py runs a short version of the same writers.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from qualcode.store.project import Project

BUSY = "qualcode: project busy: another qualcode is writing; try again"
CODE = "heideneim/formal-contract"
SPAN = 10  # characters per coding
SAVED = {"memo": re.compile(r"saved memo (\d+) on project\n"),  # what a saved command says
         # (its span may lie in the researcher's words: a warning says so, and it is saved)
         "coding": re.compile(r"(qualcode: warning: .+\n)*imported 1 codings from .+\.csv"
                              r"( \(.+\))?\n")}
# The real command line with a shorter wait for a busy project (qualcode.store.sqlite reads
# WAIT_SECONDS whenever it connects): used only when a run asks for --wait.
_SHORT_WAIT = ("import sys, qualcode.store.sqlite as s; s.WAIT_SECONDS = float(sys.argv[1]); "
               "from qualcode.cli import main; sys.exit(main(sys.argv[2:]))")


@dataclass(frozen=True)
class Told:
    """What one command told its writer."""

    writer: str
    kind: str  # memo | coding
    tag: str  # the memo's text, or the coding's memo: unique per command
    code: int
    out: str
    err: str
    seconds: float

    @property
    def saved(self) -> bool:
        return self.code == 0

    @property
    def memo_id(self) -> int:
        """The id a saved memo was given, as the command said it."""
        return int(SAVED["memo"].fullmatch(self.err)[1])

    def problem(self) -> str | None:
        """Why this answer is neither the command's success message nor the busy line."""
        if not self.out and ((self.code == 0 and SAVED[self.kind].fullmatch(self.err))
                             or (self.code == 1 and self.err == BUSY + "\n")):
            return None
        return f"{self.writer} {self.kind} {self.tag}: exit {self.code}, {self.err!r}"


def longest_source(project: Path) -> tuple[str, int]:
    """The source with the most room for distinct spans, and its length."""
    with Project.open(project) as p:
        name, text = max(p.store.source_texts().items(), key=lambda item: len(item[1]))
    return name, len(text)


def run_writers(project: Path, work: Path, writers: int, commands: int | None = None,
                seconds: float | None = None, wait: float | None = None) -> list[Told]:
    """Start `writers` threads, each running qualcode processes one after another: `commands`
    of them, or as many as start within `seconds`."""
    source, length = longest_source(project)
    room = (length - SPAN) // writers  # commands per writer before spans would repeat
    deadline = time.monotonic() + seconds if seconds is not None else None
    results: list[list[Told]] = [[] for _ in range(writers)]

    def write(k: int) -> None:
        i = 0
        while i < min(room, commands or room) and (deadline is None
                                                   or time.monotonic() < deadline):
            start = i * writers + k  # a span no other command uses
            results[k].append(_command(project, work, f"w{k}", i, source, start, wait))
            i += 1

    threads = [threading.Thread(target=write, args=(k,)) for k in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [told for told_by_one in results for told in told_by_one]


def _command(project: Path, work: Path, writer: str, i: int, source: str, start: int,
             wait: float | None) -> Told:
    """Run one writing command: memo on even turns, a one-row codings import on odd ones."""
    tag = f"{writer}-{i}"
    if i % 2 == 0:
        kind, args = "memo", ["memo", project, tag]
    else:
        csv = work / f"{tag}.csv"
        csv.write_text(f"source,code,stance,start,end,memo\n{source},{CODE},supports,{start},"
                       f"{start + SPAN},{tag}\n", encoding="utf-8")
        kind, args = "coding", ["codings", "import", project, csv]
    prefix = ["-m", "qualcode"] if wait is None else ["-c", _SHORT_WAIT, str(wait)]
    began = time.monotonic()
    done = subprocess.run([sys.executable, *prefix, "--coder", writer, *map(str, args)],
                          capture_output=True, text=True, timeout=300, cwd=work)
    return Told(writer, kind, tag, done.returncode, done.stdout, done.stderr,
                time.monotonic() - began)


def problems(project: Path, told: list[Told]) -> list[str]:
    """Where the commands' answers, or the database, differ from what the writers were told;
    empty when everything matches."""
    found = [why for t in told if (why := t.problem())]
    if found:  # the database cannot match answers that are not understood
        return found
    with Project.open(project) as p:
        memo_ids: dict[tuple[str, str], list[int]] = {}
        for m in p.store.memos():
            memo_ids.setdefault((m.author, m.text), []).append(m.id)
        codings = Counter((c.coder, c.memo) for c in p.store.codings(code=CODE))
        journaled = Counter(e.coder for e in p.store.journal() if e.action == "memo")
    for t in told:
        key = (t.writer, t.tag)
        stored = len(memo_ids.get(key, [])) if t.kind == "memo" else codings[key]
        if stored != int(t.saved):
            said = "saved" if t.saved else "refused"
            found.append(f"{t.writer} {t.kind} {t.tag}: told {said}, stored {stored} times")
        elif t.saved and t.kind == "memo" and t.memo_id != memo_ids[key][0]:
            found.append(f"{t.writer} memo {t.tag}: told memo {t.memo_id}, stored as memo "
                         f"{memo_ids[key][0]}")
    writers = {t.writer for t in told}
    stored_by_kind = {"memo": sum(len(ids) for (who, _), ids in memo_ids.items()
                                  if who in writers),
                      "coding": sum(n for (who, _), n in codings.items() if who in writers)}
    for kind, stored in stored_by_kind.items():
        extra = stored - sum(t.saved for t in told if t.kind == kind)
        if extra:
            found.append(f"{extra} {kind}s stored that no writer was told were saved")
    for writer in sorted(writers):
        saved = sum(t.saved for t in told if t.writer == writer and t.kind == "memo")
        if journaled[writer] != saved:
            found.append(f"{writer}: {saved} memos saved, {journaled[writer]} in the journal")
    return found


def _latency(told: list[Told]) -> str:
    times = sorted(t.seconds for t in told)
    if len(times) < 2:
        return "-"
    p95 = statistics.quantiles(times, n=20)[18]
    return f"median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


def main() -> int:
    from qualcode.ingest.sample import build_sample

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--wait", type=float, help="seconds a write waits when busy "
                        "(default: qualcode's own)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project, work = Path(tmp) / "sample", Path(tmp)
        build_sample(project).close()
        began = time.monotonic()
        told = run_writers(project, work, args.writers, seconds=args.seconds, wait=args.wait)
        elapsed = time.monotonic() - began
        found = problems(project, told)
    saved = Counter(t.kind for t in told if t.saved)
    busy = sum(t.code == 1 and t.err == BUSY + "\n" for t in told)
    print(f"{args.writers} writers for {args.seconds:.0f} s (all done after {elapsed:.1f} s); "
          f"busy wait: {'30 s (qualcode default)' if args.wait is None else f'{args.wait} s'}")
    print(f"commands: {len(told)} ({len(told) / elapsed:.1f}/s); saved: {saved['memo']} memos, "
          f"{saved['coding']} codings; refused as busy: {busy}")
    for kind in ("memo", "coding"):
        print(f"latency {kind:<6}: {_latency([t for t in told if t.kind == kind])}")
    print(f"latency all   : {_latency(told)}")
    print(f"database matches what each writer was told: {'yes' if not found else 'NO'}")
    for problem in found[:20]:
        print(f"  {problem}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
