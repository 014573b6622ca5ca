"""Commands for the code suggestions: suggest, and suggest-eval to measure them against the
human codings. spaCy and scikit-learn are imported inside the handlers only."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from qualcode.cli.common import emit_json, no_sources_yet, note, open_project, table
from qualcode.cli.parser import Commands
from qualcode.errors import QualcodeError
from qualcode.tui.progress import progress

if TYPE_CHECKING:
    from qualcode.store.project import Project


def register(command: Commands) -> None:
    p = command("suggest", _suggest, "code suggestions for uncoded text; never evidence until "
                "accepted",
                description="code suggestions for uncoded text: from the codebooks, then "
                "learned from your codings (see docs/suggestions.md); never evidence until "
                "accepted",
                example="qualcode suggest sample --source madiun-cadre-kota --order informative")
    p.add_argument("--source", action="append", metavar="NAME",
                   help="only this source (repeatable)")
    p.add_argument("--codebook", action="append", metavar="ID",
                   help="suggest codes of this codebook (repeatable; default: the codebooks "
                        "already used at the source's site, else in the project)")
    p.add_argument("--order", choices=("position", "informative"), default="position",
                   help="in text order (default) or most informative first (uncertainty "
                        "sampling)")
    p.add_argument("--json", action="store_true")

    p = command("suggest-eval", _suggest_eval, "measure the suggestions against the human "
                "codings",
                description="measure the suggestions against the human codings: "
                "leave-one-source-out and leave-one-site-out precision, recall and F1, learned "
                "model against the cold start",
                example="qualcode suggest-eval sample --coders sample")
    p.add_argument("--coders", metavar="A,B",
                   help="measure against these coders' codings (default: every human coding)")
    p.add_argument("--json", action="store_true")


def _suggest(args: argparse.Namespace) -> int:
    from qualcode.suggest.engine import retrain, suggest

    with open_project(args) as project, progress("finding suggestions"):
        nothing = _nothing_to_suggest_for(project)
        if nothing:  # nothing to do, and nothing is wrong
            for name in args.source or ():
                project.store.source_info(name)  # but a name that is not there is
            note(f"qualcode: note: {nothing}")
            if args.json:
                emit_json([])
            return 0
        found = suggest(project, args.source, args.codebook)
        info = retrain(project)
    if args.order == "informative":
        found.sort(key=lambda s: (-s.uncertainty, s.source, s.start, s.code))
    note(f"{len(found)} suggestions, model {info.version} ("
         + (f"learned from {info.coded_units} coded units" if info.mode == "learned"
            else "cold start: the codebooks alone") + f"; stance: {info.stance})")
    if args.json:
        emit_json([s.to_json() for s in found])
        return 0
    for s in found:
        print(f"{s.source} {s.start}–{s.end}  {s.code}  {s.stance}  {s.score:.3f}")
        print(f"    \"{' '.join(s.text.split())}\"")
        print(f"    {s.reason}")
    return 0


def _nothing_to_suggest_for(project: Project) -> str | None:
    """Why there is no text to suggest codes for, or None. The suggestions' units are the
    sentences of what informants say (and text outside turns) that have words to weigh; a
    project with none, such as one whose sources hold only the researcher's questions, would
    leave the engine an empty corpus. nlp.source_units is the corpus's own unit rule, and
    caches what it splits for the corpus to reuse; it stops at the first source with a unit."""
    from qualcode.model import LANGUAGES
    from qualcode.suggest import nlp

    store = project.store
    sources = store.sources()
    if not sources:
        return no_sources_yet(project)
    texts, turns = store.source_texts(), store.all_turns()
    for source in sources:
        lang = source.language if source.language in LANGUAGES else "id"
        if any(u.terms for u in nlp.source_units(source.name, texts[source.name],
                                                  turns.get(source.name, []), lang)):
            return None
    return (f"the sources of {project.path} hold no informant's words to suggest codes for "
            "(only the researcher's, if any)")


def _suggest_eval(args: argparse.Namespace) -> int:
    from qualcode.suggest.evaluate import CLASSIFIER, METHODS, RULE, SCHEMES, Counts, evaluate

    coders = [c.strip() for c in args.coders.split(",") if c.strip()] if args.coders else None
    with open_project(args) as project, progress("measuring the suggestions"):
        nothing = _nothing_to_suggest_for(project)
        if nothing:
            raise QualcodeError(f"nothing to measure: {nothing}")
        report = evaluate(project, coders)
    for scheme in SCHEMES:
        if report.folds[scheme] < 2:
            note(f"qualcode: note: the codings lie in only one {scheme}: leaving it out leaves "
                 f"no codings to learn from, so 'learned' is the cold start there; code a "
                 f"second {scheme} to measure what the model learns")
    if args.json:
        emit_json(report.to_json())
        return 0
    print(f"{report.codings} codings by {', '.join(report.coders)}; {report.units} units")
    rows = []
    for scheme in SCHEMES:
        for method in METHODS:
            r = report.results[scheme, method]
            stance = [("—" if r.stance_accuracy(how) is None
                       else f"{100 * r.stance_accuracy(how):.1f}%") for how in (RULE, CLASSIFIER)]
            rows.append((f"leave one {scheme} out ({report.folds[scheme]} folds)", method,
                         f"{r.micro.precision:.3f}", f"{r.micro.recall:.3f}",
                         f"{r.micro.f1:.3f}", f"{r.macro['f1']:.3f}", *stance))
    print(table(("scheme", "model", "precision", "recall", "micro-F1", "macro-F1",
                 "stance: rule", "classifier"), rows))
    print()
    runs = [(scheme, method) for scheme in SCHEMES for method in METHODS]
    codes = sorted({code for run in runs for code in report.results[run].codes})
    none = Counts()
    per_code = []
    for code in codes:
        first = report.results[runs[0]].codes.get(code, none)
        per_code.append((code, first.tp + first.fn,
                         *(f"{report.results[run].codes.get(code, none).f1:.3f}" for run in runs)))
    print(table(("code", "coded units", *(f"F1 {m}, {s}s" for s, m in runs)), per_code))
    return 0
