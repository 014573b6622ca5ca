"""The command line: parses arguments, calls the core, prints. JSON to stdout, messages to
stderr; bad input gives one line per problem and exit status 1, never a traceback."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from qualcode.errors import QualcodeError

EXIT_ERROR = 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", _default)
    try:
        return handler(args) or 0
    except QualcodeError as exc:
        for problem in exc.problems:
            print(f"qualcode: {problem}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("qualcode: interrupted; nothing was half-written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the last guard: one line, not a traceback
        if os.environ.get("QUALCODE_DEBUG"):
            raise
        print(f"qualcode: internal error: {type(exc).__name__}: {exc} "
              "(set QUALCODE_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_ERROR


# ---------------------------------------------------------------------- parser

def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qualcode",
        description="Code interview and FGD transcripts against partnership frameworks and "
                    "weigh the evidence. Without a command: open the TUI on your last project "
                    "(or the sample project).")
    parser.add_argument("--coder", help="code as this coder (default: settings, "
                        "$QUALCODE_CODER, or your user name)")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, handler: Callable, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(handler=handler)
        return p

    p = command("tui", _tui, "open the TUI on a project")
    p.add_argument("project", type=Path)
    p.add_argument("--source", help="open this source first")

    p = command("init", _init, "create an empty project with the bundled codebooks")
    p.add_argument("project", type=Path)

    p = command("demo", _demo, "create the sample project (Madiun, Banyuasin, Kotawaringin "
                "Timur) at PROJECT")
    p.add_argument("project", type=Path)

    p = command("import", _import, "import transcripts (.txt .md .docx .vtt .srt)")
    p.add_argument("project", type=Path)
    p.add_argument("files", type=Path, nargs="+", metavar="FILE")
    p.add_argument("--site", help="case site (overrides the file's front matter)")
    p.add_argument("--method", help="interview | fgd | observation | document")
    p.add_argument("--language", help="id | en")

    p = command("codings", lambda a: _usage(a, "codings"), "codings CSV in and out")
    codings = p.add_subparsers(metavar="ACTION")
    q = codings.add_parser("import", help="import a codings CSV (all rows or none)")
    q.set_defaults(handler=_codings_import)
    q.add_argument("project", type=Path)
    q.add_argument("file", type=Path)
    q = codings.add_parser("export", help="write every coding as CSV")
    q.set_defaults(handler=_codings_export)
    q.add_argument("project", type=Path)
    q.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")

    p = command("sources", _sources, "list sources: site, method, informants, words, codings")
    p.add_argument("project", type=Path)
    p.add_argument("--json", action="store_true")

    p = command("codebook", _codebook, "list codebooks, show one, or load one from YAML")
    p.add_argument("project", type=Path)
    p.add_argument("codebook", nargs="?", help="codebook id, e.g. heideneim")
    p.add_argument("--load", type=Path, metavar="FILE.yaml", help="add or replace a codebook")
    p.add_argument("--lang", choices=("en", "id"), default="en")
    p.add_argument("--json", action="store_true")

    p = command("verdict", _verdict, "partnership verdicts per site and framework, explained")
    p.add_argument("project", type=Path)
    p.add_argument("--site", action="append", help="only this site (repeatable)")
    p.add_argument("--framework", action="append", help="only this framework (repeatable)")
    p.add_argument("--coders", help="count only these coders' codings (comma-separated)")
    p.add_argument("--lang", choices=("en", "id"), default="en")
    p.add_argument("--json", action="store_true")

    p = command("matrix", _matrix, "triangulation matrix for a site and framework")
    p.add_argument("project", type=Path)
    p.add_argument("--site", required=True)
    p.add_argument("--framework", help="framework id (not needed with --by theory)")
    p.add_argument("--by", default="source",
                   choices=("source", "informant", "method", "coder", "theory"),
                   help="columns: informants (source triangulation; the default), methods, "
                        "coders (investigator), or frameworks (theory)")
    p.add_argument("--coders", help="count only these coders' codings (comma-separated)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--csv", action="store_true")
    out.add_argument("--json", action="store_true")

    p = command("compare", _compare, "cross-site comparison of verdicts and indicators")
    p.add_argument("project", type=Path)
    p.add_argument("--framework", action="append", help="only this framework (repeatable)")
    p.add_argument("--coders", help="count only these coders' codings (comma-separated)")
    p.add_argument("--json", action="store_true")

    # --- suggest (parser)
    p = command("suggest", _suggest, "code suggestions for uncoded text: from the codebooks, "
                "then learned from your codings (see docs/suggestions.md); never evidence "
                "until accepted")
    p.add_argument("project", type=Path)
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
                "codings: leave-one-source-out and leave-one-site-out precision, recall and "
                "F1, learned model against the cold start")
    p.add_argument("project", type=Path)
    p.add_argument("--coders", metavar="A,B",
                   help="measure against these coders' codings (default: every human coding)")
    p.add_argument("--json", action="store_true")
    p = command("memo", _memo, "write a memo on the project, a site, a source or a code; or "
                "list them")
    p.add_argument("project", type=Path)
    p.add_argument("text", nargs="?", help="the memo (omit with --list)")
    target = p.add_mutually_exclusive_group()
    target.add_argument("--site")
    target.add_argument("--source")
    target.add_argument("--code")
    target.add_argument("--list", action="store_true", help="list every memo")
    p.add_argument("--json", action="store_true")

    # --- agreement (parser)
    p = command("agreement", _agreement, "inter-coder agreement per code and overall: percent "
                "agreement, Cohen's kappa (two coders), Krippendorff's alpha (see "
                "docs/agreement.md)")
    p.add_argument("project", type=Path)
    p.add_argument("--coders", required=True, metavar="A,B[,C...]",
                   help="the coders to compare (comma-separated, at least two)")
    p.add_argument("--source", action="append", metavar="NAME",
                   help="only this source (repeatable)")
    p.add_argument("--code", action="append", metavar="ID",
                   help="only this code, or every code of this codebook (repeatable)")
    p.add_argument("--unit", choices=("sentence", "turn"), default="sentence",
                   help="compare sentences within turns (the default) or whole turns")
    p.add_argument("--json", action="store_true")
    # --- refi (parser)
    p = command("refi", lambda a: _usage(a, "refi"),
                "REFI-QDA exchange with NVivo, ATLAS.ti, MAXQDA, QualCoder (.qdpx, .qdc)")
    refi = p.add_subparsers(metavar="ACTION")
    q = refi.add_parser("export", help="write the project as a REFI-QDA project (.qdpx)")
    q.set_defaults(handler=_refi_export)
    q.add_argument("project", type=Path)
    q.add_argument("file", type=Path, metavar="FILE.qdpx")
    q.add_argument("--lang", choices=("en", "id"), default="en",
                   help="language of code names, descriptions and verdict notes")
    q = refi.add_parser("codebook", help="write the project's codebooks as a REFI-QDA "
                        "codebook (.qdc)")
    q.set_defaults(handler=_refi_codebook)
    q.add_argument("project", type=Path)
    q.add_argument("file", type=Path, metavar="FILE.qdc")
    q.add_argument("--lang", choices=("en", "id"), default="en")
    q = refi.add_parser("import", help="import a REFI-QDA project (.qdpx) or codebook (.qdc), "
                        "all or nothing")
    q.set_defaults(handler=_refi_import)
    q.add_argument("file", type=Path, metavar="FILE.qdpx|FILE.qdc")
    q.add_argument("project", type=Path)
    q.add_argument("--site", help="site of sources that belong to no case (default: the "
                   "file's name)")
    q.add_argument("--method", help="method of sources the file does not say "
                   "(default: interview)")
    q.add_argument("--language", help="language of sources the file does not say "
                   "(default: id)")
    # --- export (parser)
    p = command("export", _export, "write the Word appendix (--docx), a workbook (--xlsx) or "
                "CSV files (--csv) of codings, verdicts, matrices and comparison")
    p.add_argument("project", type=Path)
    p.add_argument("--docx", type=Path, metavar="FILE", help="the Word appendix (lampiran)")
    p.add_argument("--xlsx", type=Path, metavar="FILE", help="one sheet per table")
    p.add_argument("--csv", type=Path, metavar="DIR", help="one CSV file per table")
    p.add_argument("--site", action="append", help="only this site (repeatable)")
    p.add_argument("--framework", action="append", metavar="CODEBOOK",
                   help="only this framework or thematic codebook (repeatable)")
    p.add_argument("--lang", choices=("en", "id"), default="en",
                   help="language of labels and explanations")
    p.add_argument("--anonymise", "--anonymize", action="store_true",
                   help="informants as I1, I2, ... and sources as S1, S2, ...; no roles, "
                        "organisations or titles")
    return parser


def _usage(args: argparse.Namespace, name: str) -> int:
    raise QualcodeError(f"'{name}' needs an action; see 'qualcode {name} --help'")


def _open(args: argparse.Namespace):
    from qualcode.store.project import Project

    project = Project.open(args.project)
    if args.coder:
        project.coder = args.coder
    return project


def _emit_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _note(message: str) -> None:
    print(message, file=sys.stderr)


# ---------------------------------------------------------------------- commands

def _default(args: argparse.Namespace) -> int:
    from qualcode.ingest.sample import default_project

    args.project = default_project()
    args.source = None
    return _tui(args)


def _tui(args: argparse.Namespace) -> int:
    from qualcode.ingest.sample import remember_project
    from qualcode.tui.app import QualcodeApp

    with _open(args) as project:
        remember_project(project.path)
        QualcodeApp(project, args.source).run()
    return 0


def _print_summary(project) -> None:
    sources = project.store.sources()
    print(f"{project.settings.name} — {project.path}")
    for site in project.store.sites():
        mine = [s for s in sources if s.site == site]
        print(f"  {site}: {len(mine)} sources, {sum(s.words for s in mine):,} words, "
              f"{sum(s.codings for s in mine)} codings")


def _init(args: argparse.Namespace) -> int:
    from qualcode.ingest.sample import init_project

    init_project(args.project).close()
    _note(f"created project {args.project}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from qualcode.ingest.sample import build_sample

    with build_sample(args.project) as project:
        _print_summary(project)
    return 0


def _import(args: argparse.Namespace) -> int:
    from qualcode.ingest.sources import import_files
    from qualcode.ingest.transcripts import Options

    with _open(args) as project:
        parsed = import_files(project, args.files,
                              Options(args.site, args.method, args.language))
    for src in parsed:
        for warning in src.warnings:
            _note(f"qualcode: warning: {warning}")
        _note(f"imported {src.name}: {src.site}, {src.method}, {len(src.turns)} turns, "
              f"{len(src.text.split())} words")
    return 0


def _codings_import(args: argparse.Namespace) -> int:
    from qualcode.ingest.codings import import_csv

    with _open(args) as project:
        result = import_csv(project, args.file)
    extra = f" ({result.already_present} already present)" if result.already_present else ""
    _note(f"imported {result.added} codings from {args.file}{extra}")
    return 0


def _codings_export(args: argparse.Namespace) -> int:
    from qualcode.ingest.codings import export_csv

    with _open(args) as project:
        count = export_csv(project, args.output)
    if args.output:
        _note(f"wrote {count} codings to {args.output}")
    return 0


def _sources(args: argparse.Namespace) -> int:
    with _open(args) as project:
        sources = project.store.sources()
    if args.json:
        _emit_json([{"name": s.name, "site": s.site, "method": s.method, "title": s.title,
                     "date": s.date, "language": s.language, "words": s.words,
                     "characters": s.chars, "informants": list(s.informants),
                     "codings": s.codings} for s in sources])
        return 0
    print(_table(("source", "site", "method", "lang", "informants", "words", "codings"),
                 [(s.name, s.site, s.method, s.language, ", ".join(s.informants) or "—",
                   s.words, s.codings) for s in sources]))
    return 0


def _codebook(args: argparse.Namespace) -> int:
    with _open(args) as project:
        if args.load:
            from qualcode.ingest.codebooks import load_codebook

            book = load_codebook(args.load)
            project.store.save_codebooks([book])
            _note(f"loaded codebook {book.id} ({len(book.codes)} codes) from {args.load}")
            return 0
        books = project.store.codebooks()
    lang = args.lang
    if args.codebook is None:
        if args.json:
            _emit_json([{"id": b.id, "kind": b.kind, "name": b.name, "codes": len(b.codes),
                         "categories": [c.id for c in b.categories]} for b in books])
            return 0
        print(_table(("codebook", "kind", "codes", "name"),
                     [(b.id, b.kind, len(b.codes), _label(b.name, lang)) for b in books]))
        return 0
    book = next((b for b in books if b.id == args.codebook), None)
    if book is None:
        raise QualcodeError(f"no codebook '{args.codebook}' in the project (have: "
                            f"{', '.join(b.id for b in books)})")
    if args.json:
        from dataclasses import asdict

        _emit_json(asdict(book))
        return 0
    print(f"{book.id} — {_label(book.name, lang)} ({book.kind})")
    if book.source:
        print(f"source: {book.source}")
    for cat in book.categories:
        print(f"\n  {cat.id} — {_label(cat.name, lang)}")
        for role in ("defining", "excluding", "typical"):
            for code_id in getattr(cat, role):
                print(f"    {role:<9} {code_id:<40} {_label(book.code(code_id).label, lang)}")
    if book.kind == "thematic":
        depth = {}
        for code in book.codes:
            depth[code.id] = depth.get(code.parent, -1) + 1 if code.parent else 0
            print(f"  {'  ' * depth[code.id]}{code.id:<40} {_label(code.label, lang)}")
    return 0


def _label(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


def _evidence(project, coders: str | None):
    from qualcode.analysis.evidence import EvidenceBase

    wanted = {c.strip() for c in coders.split(",") if c.strip()} if coders else None
    if wanted:
        unknown = wanted - set(project.store.coders())
        if unknown:
            raise QualcodeError(f"no codings by coder(s) {', '.join(sorted(unknown))} in "
                                f"{project.path}")
    return EvidenceBase(project.store, wanted, project.settings.min_independent)


def _pick(books, wanted: list[str] | None, what: str = "framework"):
    frameworks = [b for b in books if b.is_framework]
    if not wanted:
        return frameworks
    known = {b.id: b for b in frameworks}
    for name in wanted:
        if name not in known:
            raise QualcodeError(f"no {what} '{name}' (have: {', '.join(known)})")
    return [known[n] for n in wanted]


def _check_sites(base, wanted: list[str] | None) -> list[str]:
    if not wanted:
        return base.sites
    for site in wanted:
        if site not in base.sites:
            raise QualcodeError(f"no site '{site}' (have: {', '.join(base.sites)})")
    return wanted


def _verdict(args: argparse.Namespace) -> int:
    from qualcode.analysis.verdicts import judge

    with _open(args) as project:
        base = _evidence(project, args.coders)
        books = _pick(project.store.codebooks(), args.framework)
    sites = _check_sites(base, args.site)
    verdicts = [judge(base, site, book) for site in sites for book in books]
    if args.json:
        _emit_json([v.to_json() for v in verdicts])
        return 0
    for v in verdicts:
        shown = v.verdict or f"({v.status})"
        print(f"{v.site} · {v.framework.id}: {shown}  status={v.status} "
              f"confidence={v.confidence:.2f} runner-up={v.runner_up or '—'}")
        print(f"  {v.explanation[args.lang]}")
        print()
    return 0


def _matrix(args: argparse.Namespace) -> int:
    from qualcode.analysis.matrices import matrix, theory_matrix

    with _open(args) as project:
        base = _evidence(project, args.coders)
        books = project.store.codebooks()
        (site,) = _check_sites(base, [args.site])
        theory = (theory_matrix(base, site, books, project.store) if args.by == "theory"
                  else None)
    if theory is not None:
        result = theory
        if args.json:
            _emit_json(result.to_json())
            return 0
        print(_table(("framework", "verdict", "status", "confidence"),
                     [(v["framework"], v["verdict"] or "—", v["status"], v["confidence"])
                      for v in result.verdicts]))
        print()
        print(_table(("concept", "indicators", "convergence"),
                     [(c["concept"], ", ".join(f"{i['id']} ({i['status']})"
                                               for i in c["indicators"]), c["convergence"])
                      for c in result.concepts]))
        coders = list(dict.fromkeys(v["coder"] for v in result.investigators))
        if len(coders) > 1:
            by_pair = {(v["framework"], v["coder"]): v for v in result.investigators}
            print()
            print(_table(("framework", *coders),
                         [(v["framework"], *[by_pair[v["framework"], c]["verdict"]
                                             or by_pair[v["framework"], c]["status"]
                                             for c in coders]) for v in result.verdicts]))
        return 0
    if not args.framework:
        raise QualcodeError("matrix needs --framework (or --by theory)")
    (book,) = _pick(books, [args.framework])
    by = "informant" if args.by == "source" else args.by
    result = matrix(base, site, book, by)
    if args.json:
        _emit_json(result.to_json())
        return 0
    headers, rows = result.table()
    if args.csv:
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(rows)
        return 0
    groups = [c.group for c in result.columns]
    if any(groups):
        print("columns: " + "; ".join(f"{c.label} = {c.group}" for c in result.columns
                                      if c.group))
    print(_table(headers[:-1], [r[:-1] for r in rows]))
    return 0


def _compare(args: argparse.Namespace) -> int:
    from qualcode.analysis.compare import compare

    with _open(args) as project:
        base = _evidence(project, args.coders)
        books = _pick(project.store.codebooks(), args.framework)
    result = compare(base, books)
    if args.json:
        _emit_json(result.to_json())
        return 0
    rows = []
    for book in result.frameworks:
        mark = "≠" if result.verdicts_differ(book.id) else ""
        rows.append((book.id, *[(result.verdicts[s, book.id].verdict
                                 or result.verdicts[s, book.id].status)
                                for s in result.sites], mark))
    print(_table(("framework", *result.sites, ""), rows))
    print()
    print(_table(("indicator", *result.sites, ""),
                 [(code, *[statuses[s] for s in result.sites], "≠" if result.differs(code) else "")
                  for code, statuses in result.statuses.items()]))
    return 0


# ---------------------------------------------------------------------- suggest (handlers)

def _suggest(args: argparse.Namespace) -> int:
    from qualcode.suggest.engine import retrain, suggest

    with _open(args) as project:
        found = suggest(project, args.source, args.codebook)
        info = retrain(project)
    if args.order == "informative":
        found.sort(key=lambda s: (-s.uncertainty, s.source, s.start, s.code))
    _note(f"{len(found)} suggestions, model {info.version} ("
          + (f"learned from {info.coded_units} coded units" if info.mode == "learned"
             else "cold start: the codebooks alone") + f"; stance: {info.stance})")
    if args.json:
        _emit_json([s.to_json() for s in found])
        return 0
    for s in found:
        print(f"{s.source} {s.start}–{s.end}  {s.code}  {s.stance}  {s.score:.3f}")
        print(f"    \"{' '.join(s.text.split())}\"")
        print(f"    {s.reason}")
    return 0


def _suggest_eval(args: argparse.Namespace) -> int:
    from qualcode.suggest.evaluate import CLASSIFIER, METHODS, RULE, SCHEMES, Counts, evaluate

    coders = [c.strip() for c in args.coders.split(",") if c.strip()] if args.coders else None
    with _open(args) as project:
        report = evaluate(project, coders)
    if args.json:
        _emit_json(report.to_json())
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
    print(_table(("scheme", "model", "precision", "recall", "micro-F1", "macro-F1",
                  "stance: rule", "classifier"), rows))
    print()
    runs = [(scheme, method) for scheme in SCHEMES for method in METHODS]
    codes = sorted({code for run in runs for code in report.results[run].codes})
    none = Counts()
    table = []
    for code in codes:
        first = report.results[runs[0]].codes.get(code, none)
        table.append((code, first.tp + first.fn,
                      *(f"{report.results[run].codes.get(code, none).f1:.3f}" for run in runs)))
    print(_table(("code", "coded units", *(f"F1 {m}, {s}s" for s, m in runs)), table))
    return 0


def _memo(args: argparse.Namespace) -> int:
    with _open(args) as project:
        store = project.store
        if args.list:
            memos = store.memos()
            if args.json:
                _emit_json([{"id": m.id, "about": m.target_kind, "target": m.target,
                             "text": m.text, "author": m.author, "created_at": m.created_at}
                            for m in memos])
            else:
                print(_table(("about", "target", "author", "memo"),
                             [(m.target_kind, m.target or "—", m.author, m.text)
                              for m in memos]))
            return 0
        if not (args.text or "").strip():
            raise QualcodeError("memo needs a text (or --list)")
        kind, target = "project", ""
        if args.site:
            if args.site not in store.sites():
                raise QualcodeError(f"no site '{args.site}' (have: {', '.join(store.sites())})")
            kind, target = "site", args.site
        elif args.source:
            store.source_info(args.source)
            kind, target = "source", args.source
        elif args.code:
            if args.code not in store.code_ids():
                raise QualcodeError(f"no code '{args.code}' in the project")
            kind, target = "code", args.code
        memo = store.add_memo(kind, target, args.text.strip(), project.coder)
    _note(f"saved memo {memo.id} on {kind} {target}".rstrip())
    return 0


# ---------------------------------------------------------------------- agreement (handlers)

def _agreement(args: argparse.Namespace) -> int:
    from qualcode.analysis.agreement import agreement

    with _open(args) as project:
        report = agreement(project.store, args.coders.split(","), args.source, args.code,
                           args.unit)
    if args.json:
        _emit_json(report.to_json())
        return 0
    if not report.sources:
        _note(f"qualcode: no source was coded by at least two of {', '.join(report.coders)}; "
              "nothing to compare")
    print(f"{' · '.join(report.coders)}: {len(report.sources)} sources, {report.units} "
          f"{args.unit} units coded by at least one of them")
    two = len(report.coders) == 2
    headers = ("code", "units", *report.coders, "agreement", *(("kappa",) if two else ()),
               "alpha")

    def row(label: str, units: int, f) -> tuple:
        return (label, units, *(f.coded[c] for c in report.coders), _agreement_percent(f.percent),
                *((_agreement_figure(f.kappa),) if two else ()), _agreement_figure(f.alpha))

    rows = [row(code, f.units, f) for code, f in report.codes.items()]
    rows.append(row(f"overall ({len(report.codes)} codes)", report.units, report.overall))
    print(_table(headers, rows))
    return 0


def _agreement_percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _agreement_figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


# ---------------------------------------------------------------------- refi (handlers)


def _refi_export(args: argparse.Namespace) -> int:
    from qualcode.exchange.exporter import export_project

    with _open(args) as project:
        summary = export_project(project, args.file, args.lang)
    _note(f"wrote {args.file}: {summary.sources} sources, {summary.codings} codings, "
          f"{summary.codes} codes, {summary.notes} notes, {summary.users} users")
    return 0


def _refi_codebook(args: argparse.Namespace) -> int:
    from qualcode.exchange.exporter import export_codebook

    with _open(args) as project:
        count = export_codebook(project, args.file, args.lang)
    _note(f"wrote {args.file}: {count} codes")
    return 0


def _refi_import(args: argparse.Namespace) -> int:
    from qualcode.exchange.importer import import_refi

    with _open(args) as project:
        result = import_refi(project, args.file, args.site, args.method, args.language)
    for warning in result.warnings:
        _note(f"qualcode: warning: {warning}")
    present = []
    if result.sources_present:
        present.append(f"{result.sources_present} sources")
    if result.codings_present:
        present.append(f"{result.codings_present} codings")
    codebook = f" (new codes in codebook {result.codebook})" if result.codebook else ""
    _note(f"imported from {args.file}: {result.sources} sources, {result.codings} codings, "
          f"{result.codes} new codes{codebook}, {result.memos} memos"
          + (f"; already in the project: {', '.join(present)}" if present else ""))
    return 0


# ---------------------------------------------------------------------- export (handlers)

def _export(args: argparse.Namespace) -> int:
    from qualcode.reports.scope import build_scope, check_output

    if not (args.docx or args.xlsx or args.csv):
        raise QualcodeError("export needs --docx FILE, --xlsx FILE or --csv DIR")
    for path, directory in ((args.docx, False), (args.xlsx, False), (args.csv, True)):
        if path:
            check_output(path, directory)
    with _open(args) as project:
        scope = build_scope(project, args.site, args.framework, args.anonymise)
        if args.docx:
            from qualcode.reports.docx import write_appendix

            write_appendix(scope, args.docx, args.lang, _export_progress("appendix"))
            _note(f"wrote {args.docx}")
        if args.xlsx:
            from qualcode.reports.tables import write_xlsx

            write_xlsx(scope, args.xlsx, args.lang, _export_progress("workbook"))
            _note(f"wrote {args.xlsx}")
        if args.csv:
            from qualcode.reports.tables import write_csv_dir

            written = write_csv_dir(scope, args.csv, args.lang, _export_progress("CSV files"))
            _note(f"wrote {len(written)} CSV files to {args.csv}")
    return 0


def _export_progress(label: str) -> Callable[[int, int], None] | None:
    """A progress line on stderr, only when a person is watching it."""
    if not sys.stderr.isatty():
        return None

    def report(done: int, total: int) -> None:
        print(f"\r{label}: {done}/{total}", end="\n" if done >= total else "",
              file=sys.stderr, flush=True)

    return report
