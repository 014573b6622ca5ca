"""Commands for anonymised exports: `pseudonyms` lists (and sets) the codes informants are
shown by, `anonymise --review` lists every replacement an anonymised export would make
(docs/anonymisation.md)."""

from __future__ import annotations

import argparse

from qualcode.cli.common import emit_json, no_sources_yet, note, open_project, table
from qualcode.cli.parser import Commands
from qualcode.errors import QualcodeError

DEFAULT = "-"  # --set LABEL=- : back to the default code


def register(command: Commands) -> None:
    p = command("pseudonyms", _pseudonyms, "the pseudonyms of anonymised exports: list them, "
                "or set your own codes",
                description="List the pseudonym each informant has in anonymised exports "
                "(site, label, group, the code in Indonesian and in English exports, whether "
                "you set it): IK (key), IU (main), IP (supporting), IT (triangulation) or I "
                "(no group) and a number across the project, K, M, SP, T, I in English. "
                "Codes are given the first time they are needed and never change when data "
                "are added. --set LABEL=CODE uses your own code instead (verbatim in both "
                "languages; LABEL=- gives the default back), one undoable action.",
                example=["qualcode pseudonyms sample",
                         "qualcode pseudonyms sample --set KUP=IK-Pemasaran --set RO=IK-RO",
                         "qualcode pseudonyms sample --site Madiun --set P1=Informan-1"])
    p.add_argument("--set", dest="codes", action="append", metavar="LABEL=CODE", default=[],
                   help="give the informant LABEL the code CODE (one word; '-' for the "
                        "default); repeatable")
    p.add_argument("--site", help="only this site; with --set, the site of the labels (needed "
                   "when a label is at several sites)")
    p.add_argument("--sources", action="store_true",
                   help="list the sources' codes (S1, S2, ...) instead")
    p.add_argument("--json", action="store_true")

    p = command("anonymise", _anonymise, "list every replacement an anonymised export would "
                "make, before you export",
                description="List every replacement 'qualcode export --anonymise' would make "
                "in the quotes, memos, codings' memos and reading rationales it prints: where "
                "(source or memo, line), the original, the replacement, its context, and a "
                "count per kind (speaker, label, name, honorific, term, source). Nothing is "
                "written but the pseudonyms, assigned as the export assigns them.",
                example=["qualcode anonymise sample --review",
                         "qualcode anonymise sample --review --site Madiun --lang id --json"])
    p.add_argument("--review", action="store_true", help="list the replacements (required)")
    p.add_argument("--site", action="append", help="only this site (repeatable)")
    p.add_argument("--framework", action="append", metavar="CODEBOOK",
                   help="only this framework or thematic codebook (repeatable)")
    p.add_argument("--lang", choices=("en", "id"), default="en",
                   help="the export's language: K1 or IK1, [name] or [nama]")
    p.add_argument("--json", action="store_true")


# ---------------------------------------------------------------------- pseudonyms

def _pseudonyms(args: argparse.Namespace) -> int:
    wanted = [_pair(x, args.site) for x in args.codes]
    if wanted and args.sources:
        raise QualcodeError("--set sets informants' codes; sources keep S1, S2, ...")
    with open_project(args) as project:
        store = project.store
        if args.site is not None and args.site not in store.sites():
            have = ", ".join(store.sites())
            raise QualcodeError(f"no site '{args.site}' (have: {have})" if have
                                else f"no site '{args.site}': {no_sources_yet(project)}")
        before = store.assign_pseudonyms()
        after = store.set_pseudonyms(wanted, project.coder) if wanted else before
        read_only = store.read_only
    if wanted:
        was = {(p.site, p.label): p for p in before if p.kind == "informant"}
        changed = [p for p in after if p.kind == "informant"
                   and (p.site, p.label) in was and was[p.site, p.label].code != p.code]
        for p in changed:
            note(f"{p.label} at {p.site}: {was[p.site, p.label].shown()} → {p.shown()}"
                 + ("" if p.by_hand else f" (the default; {p.shown('en')} in English)"))
        if not changed:
            note("nothing changed: every code was already as set")
    if read_only:
        note("qualcode: note: the project is read-only here: these codes are what it would "
             "assign, not stored yet")
    kind = "source" if args.sources else "informant"
    shown = [p for p in after if p.kind == kind and (args.site is None or p.site == args.site
                                                      or kind == "source")]
    if args.json:
        emit_json([{"source": p.label, "pseudonym": p.shown()} for p in shown] if args.sources
                  else [{"site": p.site, "label": p.label, "group": p.group,
                         "pseudonym": p.shown("id"), "pseudonym_en": p.shown("en"),
                         "by_hand": p.by_hand, "was": [_was(w) for w in p.was]}
                        for p in shown])
        return 0
    if not shown:
        note(f"no {kind}s yet" + (f" at {args.site}" if args.site else ""))
        return 0
    if args.sources:
        print(table(("source", "pseudonym"), [(p.label, p.shown()) for p in shown]))
        return 0
    print(table(("site", "label", "group", "pseudonym", "English", "set by hand", "was"),
                [(p.site, p.label, p.group or "—", p.shown("id"), p.shown("en"),
                  "yes" if p.by_hand else "", ", ".join(_was(w) for w in p.was))
                 for p in shown]))
    return 0


def _pair(value: str, site: str | None) -> tuple[str | None, str, str | None]:
    label, sep, code = value.partition("=")
    label, code = label.strip(), code.strip()
    if not sep or not label:
        raise QualcodeError(f"--set {value}: write LABEL=CODE, e.g. --set P1=IK1 (or P1=- for "
                            "the default code)")
    if not code:
        raise QualcodeError(f"--set {value}: no code after '=' (write {label}=CODE, or "
                            f"{label}=- for the default code)")
    return site, label, None if code == DEFAULT else code


def _was(code: tuple[str, int]) -> str:
    return f"{code[0]}{code[1]}"


# ---------------------------------------------------------------------- review

def _anonymise(args: argparse.Namespace) -> int:
    from qualcode.reports.review import counts, review
    from qualcode.reports.scope import build_scope

    if not args.review:
        raise QualcodeError("say --review: 'qualcode anonymise PROJECT --review' lists what an "
                            "anonymised export would replace (export with 'qualcode export "
                            "PROJECT --docx FILE --anonymise')")
    with open_project(args) as project:
        scope = build_scope(project, args.site, args.framework, anonymise=True, lang=args.lang)
        found = review(scope)
        if not scope.sites:
            note(f"qualcode: note: {no_sources_yet(project)}")
    per_kind = counts(found)
    if args.json:
        emit_json({"replacements": [
            {"where": f.where, "name": f.name, "line": f.line, "kind": f.kind,
             "original": f.original, "replacement": f.shown, "context": f.context}
            for f in found], "counts": per_kind})
        return 0
    if found:
        print(table(("where", "line", "kind", "original", "replacement", "context"),
                    [(f"{f.where} {f.name}", f.line, f.kind, f.original, f.shown, f.context)
                     for f in found]))
    total = sum(per_kind.values())
    print(f"{total} replacement{'s' if total != 1 else ''}"
          + (": " + ", ".join(f"{n} {kind}" for kind, n in per_kind.items()) if total else "")
          + " (nothing written; names nobody declared and no honorific precedes are not "
            "masked: add them to 'names' or to 'anonymise: terms' in qualcode.yaml)")
    return 0
