"""The reading command: record the researcher's reading of an indicator at a site (established
or not, by judgement, with a rationale), clear it, or list the readings
(qualcode.analysis.rules says how a reading decides an indicator)."""

from __future__ import annotations

import argparse

from qualcode.cli.common import emit_json, open_project, table
from qualcode.cli.parser import Commands
from qualcode.errors import QualcodeError


def register(command: Commands) -> None:
    p = command("reading", _reading, "record your reading of an indicator at a site "
                "(established or not, with a rationale), clear it, or list the readings",
                description="Record your reading of a framework indicator at a site: "
                "established or not established by your judgement, with the rationale an "
                "examiner reads. It decides the indicator in place of the weighing of its "
                "evidence (which stays visible), and every verdict that rests on it says so. "
                "One reading per site and indicator stands; 'qualcode undo' takes it back.",
                example=['qualcode reading sample --site Banyuasin --indicator '
                         'vcoss/role-clarity --established --because "roles are divided in '
                         'the forum, orally; the accounts against say the division is not '
                         'written down"',
                         "qualcode reading sample --list",
                         "qualcode reading sample --site Banyuasin --indicator "
                         "vcoss/role-clarity --clear"])
    p.add_argument("--site", help="the case site")
    p.add_argument("--indicator", metavar="ID", help="a framework's indicator, e.g. "
                   "vcoss/formal-agreement")
    act = p.add_mutually_exclusive_group()
    act.add_argument("--established", dest="established", action="store_const", const=True,
                     help="the indicator holds at the site")
    act.add_argument("--not-established", dest="established", action="store_const",
                     const=False, help="it does not hold, whatever the evidence's weight")
    act.add_argument("--clear", action="store_true", help="remove the reading: the "
                     "evidence decides again")
    act.add_argument("--list", action="store_true", help="list the readings")
    p.add_argument("--because", metavar="TEXT", help="the rationale (required to record)")
    p.add_argument("--json", action="store_true", help="with --list: as JSON")


def _reading(args: argparse.Namespace) -> int:
    if args.list:
        if args.site or args.indicator or args.because:
            raise QualcodeError("--list lists every reading; it takes no --site, --indicator "
                                "or --because")
        return _list(args)
    if not args.site or not args.indicator:
        raise QualcodeError("name the site and the indicator: --site S --indicator ID")
    if args.json:
        raise QualcodeError("--json goes with --list")
    with open_project(args) as project:
        if args.clear:
            if args.because:
                raise QualcodeError("--because goes with --established or --not-established")
            gone = project.store.clear_reading(args.site, args.indicator, project.coder)
            print(f"cleared the reading of {gone.code} at {gone.site} "
                  f"({'established' if gone.established else 'not established'}: "
                  f"{gone.rationale}); the evidence decides again")
            return 0
        if args.established is None:
            raise QualcodeError("say --established or --not-established (or --clear, --list)")
        if not args.because:
            raise QualcodeError("a reading needs its rationale: --because TEXT")
        r = project.store.set_reading(args.site, args.indicator, args.established,
                                      args.because, project.coder)
    print(f"{r.code} at {r.site}: {'established' if r.established else 'not established'} "
          f"by {r.coder}'s reading ({r.rationale})")
    return 0


def _list(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        found = project.store.readings()
    if args.json:
        emit_json([{"site": r.site, "indicator": r.code, "established": r.established,
                    "rationale": r.rationale, "coder": r.coder, "at": r.created_at}
                   for r in found])
    elif found:
        print(table(("site", "indicator", "reading", "by", "rationale"),
                    [(r.site, r.code, "established" if r.established else "not established",
                      r.coder, r.rationale) for r in found]))
    else:
        print("no readings yet (qualcode reading PROJECT --site S --indicator ID "
              "--established --because TEXT records one)")
    return 0
