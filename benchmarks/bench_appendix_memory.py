"""Time and peak memory of the Word appendix (issue 19's budgets): the 50,000-coding project
< 30 s and < 500 MB; 400,000 codings < 1.5 GB. Each export runs as `qualcode export` in its own
process, so its peak resident memory is the command's, as a researcher's machine sees it.

    .venv/bin/python benchmarks/bench_appendix_memory.py [CODINGS ...]   (default: 50000)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import large_project  # noqa: E402

BUDGETS = {50_000: (30.0, 500), 400_000: (None, 1500)}  # seconds, MB
# `qualcode export ...` that says, as it exits, its own peak resident memory (KB)
CHILD = ("import atexit, resource, sys\n"
         "atexit.register(lambda: print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
         "from qualcode.cli.main import main\n"
         "sys.exit(main(sys.argv[1:]))\n")


def main() -> None:
    for codings in [int(a) for a in sys.argv[1:]] or [50_000]:
        work = Path(tempfile.mkdtemp(prefix="qualcode-bench-appendix-"))
        try:
            large_project(work, codings).close()
            out = work / "lampiran.docx"
            start = time.perf_counter()
            run = subprocess.run([sys.executable, "-c", CHILD, "export", str(work / "p"),
                                  "--docx", str(out), "--lang", "id"], check=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            took = time.perf_counter() - start
            peak = int(run.stdout.split()[-1]) / 1024  # KB -> MB
            seconds, megabytes = BUDGETS.get(codings, (None, None))
            budget = ", ".join(x for x in (f"budget {seconds:.0f} s" if seconds else "",
                                           f"{megabytes} MB" if megabytes else "") if x)
            print(f"Word appendix, {codings:,} codings: {took:.1f} s, peak {peak:.0f} MB, "
                  f"{out.stat().st_size / 1e6:.1f} MB file ({budget or 'no budget'})",
                  flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
