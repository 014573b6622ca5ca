"""Budgets of the suggestions issue. Prints one line per figure.

    .venv/bin/python benchmarks/bench_suggest.py

- suggestions for a 100k-word source, pipelines warm (< 5 s): the sample project plus one
  interview of ~100,000 words (speaker labels included) made of the sample transcripts'
  sentences, shuffled.
  Timed three ways: the first request in a session (analysing every source, fitting the model),
  the next one after a coding was added (the model is refitted), and one with nothing changed.
- retrain on 10,000 codings (< 10 s): 40 sources of ~5,000 words (the same sentences), 10,000
  codings of sentences with codes of the framework each site uses. The sources' sentences are
  analysed by spaCy first (timed on its own line), as a session does once; the retrain figure
  is the vectorising of all units, the features and the fitting.
- resident memory (< 1 GiB): the peak of this process over all of the above.
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import timed  # noqa: E402

from qualcode.ingest.sample import TRANSCRIPTS_DIR, build_sample, init_project
from qualcode.ingest.sources import import_files
from qualcode.ingest.transcripts import TURN_LINE
from qualcode.model import NewCoding
from qualcode.suggest import engine as sg
from qualcode.suggest import nlp


def sentences() -> list[str]:
    """The informant lines of the sample transcripts (without their speaker labels)."""
    out = []
    for path in sorted(TRANSCRIPTS_DIR.rglob("*.txt")):
        for line in path.read_text(encoding="utf-8").split("---\n", 2)[-1].splitlines():
            match = TURN_LINE.match(line)
            if match and match.group("label").lower() != "pewawancara":
                out.append(line[match.end():])
    return out


def transcript(rng: random.Random, lines: list[str], site: str, words: int) -> str:
    body, count = [], 0
    while count < words:
        if rng.random() < 0.15:
            body.append("Pewawancara: " + rng.choice(lines))
        else:
            line = rng.choice(lines)
            body.append(f"P{rng.randint(1, 4)}: {line}")
            count += len(line.split())
    return (f"---\nsite: {site}\nmethod: interview\nlanguage: id\n---\n"
            + "\n".join(body) + "\n")


def warm_up() -> None:
    """What a session does once, in the background, before the first suggestions."""
    import sklearn.linear_model  # noqa: F401

    nlp.pipeline("id").word("kerja")  # spaCy loads on the first word it reads
    nlp.pipeline("en").word("work")



def main() -> None:
    rng = random.Random(5)
    lines = sentences()
    work = Path(tempfile.mkdtemp(prefix="qualcode-bench-suggest-"))
    timed("warm up: build the id and en pipelines, load scikit-learn", None, warm_up)

    sample = build_sample(work / "sample")
    big = work / "big" / "wawancara-besar.txt"
    big.parent.mkdir()
    big.write_text(transcript(rng, lines, "Madiun", 83_000), encoding="utf-8")
    import_files(sample, [big])
    words = sample.store.sources()[-1].words
    found = timed(f"suggestions for a {words:,}-word source, first in the session", 5.0,
                  lambda: sg.suggest_for_source(sample, "wawancara-besar"))
    sg.accept(sample, found[0], "bench")
    timed("the same after accepting one (model refitted)", 5.0,
          lambda: sg.suggest_for_source(sample, "wawancara-besar"))
    again = timed("the same with nothing changed", 5.0,
                  lambda: sg.suggest_for_source(sample, "wawancara-besar"))
    print(f"    ({len(again)} suggestions; model {sg.retrain(sample).version})")
    sample.close()

    project = init_project(work / "p")
    files = []
    for s in range(8):
        for i in range(5):
            path = work / "t" / f"site{s}-src{i}.txt"
            path.parent.mkdir(exist_ok=True)
            path.write_text(transcript(rng, lines, f"Site {s}", 5_000), encoding="utf-8")
            files.append(path)
    import_files(project, files)
    store = project.store
    books = [b for b in store.codebooks() if b.is_framework]
    texts, turns = store.source_texts(), store.all_turns()
    sources = {s.name: s for s in store.sources()}
    timed(f"analyse {len(files)} sources ({sum(s.words for s in sources.values()):,} words)",
          None, lambda: [nlp.source_units(n, texts[n], turns[n], "id") for n in texts])
    codings = []
    while len(codings) < 10_000:
        name = rng.choice(list(texts))
        unit = rng.choice(nlp.source_units(name, texts[name], turns[name], "id"))
        book = books[int(sources[name].site.split()[-1]) % len(books)]
        codings.append(NewCoding(name, unit.start, unit.end, rng.choice(book.codes).id,
                                 "contradicts" if rng.random() < 0.25 else "supports",
                                 "bench"))
    store.add_codings({(c.source, c.start, c.end, c.code): c for c in codings}.values())
    count = len(store.codings())
    info = timed(f"retrain on {count:,} codings", 10.0, lambda: sg.retrain(project))
    print(f"    ({info.coded_units:,} coded units; stance: {info.stance})")
    project.close()

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    verdict = "ok" if peak < 1024 else "OVER"
    print(f"{'peak resident memory':<66} {peak:7.0f} MiB (budget 1024 MiB) {verdict}")


if __name__ == "__main__":
    sys.exit(main())
