"""What the benchmarks share: a synthetic project (N sites, sources of ~100k characters, many
codings) and a timer that prints a figure against its budget."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

WORDS = ("kader iuran tunggakan peserta BPJS kesehatan desa kunjungan rumah fee kontrak evaluasi "
         "forum data NIK verifikasi anggaran puskesmas sosialisasi kepesertaan koordinasi "
         "nggak ya kalo sih gitu udah memang kami mereka tidak belum sudah bersama").split()


def transcript(rng: random.Random, site: str, index: int, target_chars: int) -> str:
    """An interview or FGD with timestamps, several informants, ~target_chars of body."""
    method = "fgd" if index % 5 == 0 else "interview"
    speakers = [f"I{index}-{k}" for k in range(5 if method == "fgd" else 1)]
    front = (f"---\ntitle: Sumber {index}\nsite: {site}\nmethod: {method}\nlanguage: id\n"
             "informants:\n" + "".join(
                 f"  - {{id: {s}, role: Staf, organisation: Org {k}, group: main}}\n"
                 for k, s in enumerate(speakers)) + "---\n")
    lines, size, second = [], 0, 0
    while size < target_chars:
        second += rng.randint(5, 40)
        stamp = f"[{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}]"
        who = "Pewawancara" if rng.random() < 0.2 else rng.choice(speakers)
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 60))).capitalize()
        line = f"{stamp} {who}: {text}."
        lines.append(line)
        size += len(line) + 1
    return front + "\n".join(lines) + "\n"


def write_transcripts(folder: Path, sites: int, per_site: int, chars: int, seed: int = 7
                      ) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for s in range(sites):
        for i in range(per_site):
            path = folder / f"site{s:02d}-src{i:02d}.txt"
            path.write_text(transcript(rng, f"Site {s:02d}", s * per_site + i, chars),
                            encoding="utf-8")
            paths.append(path)
    return paths


def write_codings_csv(path: Path, texts: dict[str, str], codes: list[str], count: int,
                      seed: int = 11) -> None:
    """`count` codings with offsets (and the quote, as an export would have them)."""
    import csv

    rng = random.Random(seed)
    names = sorted(texts)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "code", "stance", "quote", "start", "end", "coder"])
        for n in range(count):
            name = rng.choice(names)
            text = texts[name]
            start = rng.randrange(0, len(text) - 300)
            end = start + rng.randint(20, 250)
            while text[start].isspace():
                start += 1
            writer.writerow([name, rng.choice(codes), "contradicts" if n % 4 == 0 else
                             "supports", text[start:end], start, end,
                             ("sample", "sample-b", "sample-c")[n % 3]])


def timed(label: str, budget: float | None, fn: Callable, repeat: int = 1):
    """Run `fn` `repeat` times; print the best wall-clock time (the others absorb what else
    the machine is doing) against the budget; return the last result."""
    took = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        took.append(time.perf_counter() - start)
    best = min(took)
    verdict = "" if budget is None else f"(budget {budget} s) {'ok' if best < budget else 'OVER'}"
    worst = f"   worst {max(took):6.3f} s" if repeat > 1 else ""
    print(f"{label:<62} {best:7.3f} s{worst}   {verdict}", flush=True)
    return result


def large_project(work: Path, codings: int = 50_000):
    """The budgets' large project: 20 sites × 10 sources of ~100k characters, `codings`
    codings by three coders, in `work/p`."""
    from qualcode.ingest.codings import import_csv
    from qualcode.ingest.sample import init_project
    from qualcode.ingest.sources import import_files

    project = init_project(work / "p")
    import_files(project, write_transcripts(work / "t", 20, 10, 100_000))
    codes = [c.id for b in project.store.codebooks() if b.is_framework for c in b.codes]
    write_codings_csv(work / "codings.csv", project.store.source_texts(), codes, codings)
    import_csv(project, work / "codings.csv")
    return project
