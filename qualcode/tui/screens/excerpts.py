"""A list of coded excerpts (retrieval of a code, or the evidence behind an indicator or a
matrix cell). The highlighted excerpt is shown whole below the table, with where it was said;
`/` filters the list (by site, source, speaker, coder, stance, method, any informant
attribute, or words of the text); `E` writes what is shown to a CSV file in the exports
folder; Enter jumps to the excerpt's place in its transcript."""

from __future__ import annotations

import csv
import io
import re
import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from qualcode.analysis.retrieval import speaker_filter
from qualcode.errors import QualcodeError
from qualcode.model import STANCES, Informant
from qualcode.textfile import check_output, write_output
from qualcode.tui.i18n import marked, tr
from qualcode.tui.jobs import exports_folder
from qualcode.tui.widgets.footer import Footer
from qualcode.tui.widgets.tables import fill, term


@dataclass(frozen=True)
class Row:
    source: str
    site: str
    method: str
    informants: str  # the speakers' labels, ", "-joined
    start: int
    end: int
    stance: str
    coders: str  # ", "-joined
    text: str
    coding: int | None = None  # the coding's id, when the row is one coding
    memo: str = ""

    @property
    def speakers(self) -> list[str]:
        return [s for s in self.informants.split(", ") if s]


# The filter's fields of a row itself; any other `name:value` is an informant attribute.
FIELDS: dict[str, Callable[[Row], list[str]]] = {
    "site": lambda r: [r.site],
    "source": lambda r: [r.source],
    "speaker": lambda r: r.speakers,
    "coder": lambda r: r.coders.split(", "),
    "stance": lambda r: [r.stance],
    "method": lambda r: [r.method],
}
ALIASES = {"informant": "speaker", "coders": "coder", "sumber": "source", "situs": "site",
           "pembicara": "speaker"}
FILTER_HINT = marked("/ filter: site:Madiun stance:contradicts sector:health … · E: CSV · "
                     "Enter: go")
FILTER_HELP = marked("site: source: speaker: coder: stance: method: or an informant attribute "
                     "(sector: group: role: …); other words: in the text; "
                     "site:\"Kota Baru\" for spaces; Esc closes")
HEADERS = (marked("excerpt"), marked("site"), marked("source"), marked("speaker"),
           marked("stance"), marked("coder"))
CSV_COLUMNS = ["code", "coding", "source", "site", "method", "informants", "start", "end",
               "stance", "coder", "memo", "text"]
EXCERPT_MIN = 40  # the table's excerpt column is never narrower than this


@dataclass(frozen=True)
class Filter:
    """A parsed filter: `fields` (field: values, any of which may match, as a substring
    without regard to case; `stance` by its start), `attributes` ((name, value) pairs an
    informant speaking in the excerpt must have, as `qualcode retrieve --where`) and `words`
    the excerpt's text must all contain."""

    fields: Mapping[str, tuple[str, ...]]
    attributes: tuple[tuple[str, str], ...]
    words: tuple[str, ...]

    def select(self, rows: Sequence[Row], informants: dict[str, list[Informant]]
               ) -> list[Row]:
        """The rows the filter keeps, in their order; a `QualcodeError` for an attribute no
        informant has."""
        speaks = speaker_filter(informants, self.attributes)
        return [r for r in rows if self._fields_hold(r) and all(
            w in r.text.casefold() for w in self.words) and (
            speaks is None or any(speaks(r.site, s) for s in r.speakers))]

    def _fields_hold(self, row: Row) -> bool:
        for name, values in self.fields.items():
            # the value as the data hold it and as the table shows it (a stance, a method)
            have = [w.casefold() for v in FIELDS[name](row) for w in {v, term(v)}]
            if name == "stance":
                ok = any(h.startswith(v) for v in values for h in have)
            else:
                ok = any(v in h for v in values for h in have)
            if not ok:
                return False
        return True


def parse_filter(text: str) -> Filter:
    """`site:Madiun stance:contra sector=health "dana desa"`: `name:value` or `name=value`
    terms (quote a value with spaces: `site:"Kotawaringin Timur"`; one field given twice:
    either value), other words searched in the text. A `QualcodeError` for a quote left open
    or a stance that is neither supports nor contradicts."""
    try:
        terms = shlex.split(text)
    except ValueError:
        raise QualcodeError(tr("a quote is left open in the filter; close it or take it "
                               "away")) from None
    fields: dict[str, list[str]] = {}
    attributes: list[tuple[str, str]] = []
    words: list[str] = []
    for given in terms:
        found = re.match(r"([^:=\s]+)\s*[:=](.*)", given, re.S)
        if found is None or not found.group(2).strip():
            words.append(given.casefold())
            continue
        name, value = found.group(1).lower(), found.group(2).strip()
        name = ALIASES.get(name, name)
        if name in FIELDS:
            fields.setdefault(name, []).append(value.casefold())
        else:
            attributes.append((name, value))
    stances = [w for s in STANCES for w in {s, term(s).casefold()}]
    for value in fields.get("stance", ()):
        if not any(s.startswith(value) for s in stances):
            raise QualcodeError(tr("stance:{value}? write stance:{supports} or "
                                   "stance:{contradicts}", value=value,
                                   supports=term("supports"), contradicts=term("contradicts")))
    return Filter({k: tuple(v) for k, v in fields.items()}, tuple(attributes), tuple(words))


def csv_text(rows: Sequence[Row], code: str = "") -> str:
    """The rows as CSV, with the columns of `qualcode retrieve --json` (and the code first),
    a byte-order mark first so that Excel reads the accents and quotes right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow([code, "" if r.coding is None else r.coding, r.source, r.site,
                         r.method, r.informants, r.start, r.end, r.stance, r.coders, r.memo,
                         r.text])
    return "\ufeff" + out.getvalue()


def export_name(code: str, heading: str, now: datetime) -> str:
    """`retrieval-heideneim-joint-budget-20260301-101500.csv` (`excerpts-` and the heading,
    for the evidence behind a verdict or a matrix cell): what and when, so that a second
    export (another filter) never overwrites the first."""
    what = re.sub(r"[^\w.-]+", "-", code or heading).strip("-")[:60]
    return f"{'retrieval' if code else 'excerpts'}-{what}-{now:%Y%m%d-%H%M%S}.csv"


class ExcerptsScreen(Screen[None]):
    DEFAULT_CSS = """
    ExcerptsScreen #excerpts-filter { height: 3; }
    ExcerptsScreen #excerpts-preview { height: 40%; min-height: 5; border-top: solid $accent;
        padding: 0 1; }
    ExcerptsScreen #excerpts-status { height: auto; max-height: 3; background: $boost;
        padding: 0 1; }
    """

    BINDINGS = [Binding("escape", "back", "Back", id="excerpts.back"),
                Binding("enter", "jump", "Go to place", id="excerpts.jump"),
                Binding("slash", "filter", "Filter", id="excerpts.filter", key_display="/"),
                Binding("F", "clear_filter", "Show all", id="excerpts.clear_filter"),
                Binding("E", "export", "Export CSV", id="excerpts.export"),
                Binding("space", "scroll_passage", "Scroll passage", id="excerpts.scroll",
                        show=False)]

    def __init__(self, title: str, rows: list[Row], code: str = "") -> None:
        super().__init__()
        self.heading = title
        self.code = code
        self.rows = rows  # every excerpt
        self.shown = list(rows)  # those the filter keeps, as the table lists them
        self.filter_text = ""
        self._width = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="excerpts-title")
        yield Input(placeholder=tr("site:Madiun stance:contradicts sector:health — Enter "
                                   "applies"),
                    id="excerpts-filter", classes="hidden")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="excerpts")
        with VerticalScroll(id="excerpts-preview"):
            yield Static(id="excerpts-passage")
        yield Static(id="excerpts-status")
        yield Footer()

    def on_mount(self) -> None:
        self._show()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self._fill()

    # ------------------------------------------------------------------ showing

    def _show(self) -> None:
        heading = f"[b]{escape(self.heading)}[/b]"
        if self.filter_text:
            line = tr("{heading} — {n} of {total} excerpt(s) · filter: {filter} (F shows all)",
                      heading=heading, n=len(self.shown), total=len(self.rows),
                      filter=escape(self.filter_text))
        else:
            line = tr("{heading} — {n} excerpt(s)", heading=heading, n=len(self.rows))
        self.query_one("#excerpts-title", Static).update(f"{line}\n{escape(tr(FILTER_HINT))}")
        self._fill()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        self._width = self.size.width
        cells = [[r.site, r.source, r.informants or "—", term(r.stance), r.coders]
                 for r in self.shown]
        headers = [tr(h) for h in HEADERS]
        used = sum(max([len(h), *(len(c[i]) for c in cells)]) + 2
                   for i, h in enumerate(headers[1:]))
        # the excerpt first, as wide as the rest leaves (the preview shows it whole)
        room = max(EXCERPT_MIN, self.size.width - used - 4)
        rows = [[_cut(" ".join(r.text.split()), room), *c] for c, r in zip(cells, self.shown,
                                                                              strict=True)]
        fill(table, headers, rows,
             keys=[str(i) for i in range(len(rows))])
        self._preview()

    def _preview(self) -> None:
        passage = self.query_one("#excerpts-passage", Static)
        row = self.current()
        if row is None:
            passage.update(tr("No excerpt.") if not self.rows else
                           tr("No excerpt passes the filter; F shows all."))
            return
        said = f" · {escape(row.informants)}" if row.informants else ""
        head = (f"[b]{escape(row.source)}[/b]{said} · {escape(row.site)} · "
                f"{escape(term(row.method))} · {row.start}–{row.end} · {term(row.stance)} · "
                f"{escape(row.coders)}")
        memo = "\n\n" + tr("[i]memo:[/i] {memo}", memo=escape(row.memo)) if row.memo else ""
        passage.update(f"{head}\n\n{escape(row.text.strip())}{memo}")
        self.query_one("#excerpts-preview").scroll_home(animate=False)

    def action_scroll_passage(self) -> None:
        """A long passage: a page further down, then back to its start."""
        preview = self.query_one("#excerpts-preview", VerticalScroll)
        if preview.scroll_y >= preview.max_scroll_y:
            preview.scroll_home(animate=False)
        else:
            preview.scroll_page_down(animate=False)

    def current(self) -> Row | None:
        """The highlighted excerpt."""
        table = self.query_one(DataTable)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def say(self, message: str) -> None:
        self.query_one("#excerpts-status", Static).update(escape(message))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._preview()

    # ------------------------------------------------------------------ filtering

    def action_filter(self) -> None:
        box = self.query_one("#excerpts-filter", Input)
        box.remove_class("hidden")
        box.value = self.filter_text
        box.focus()
        self.say(tr(FILTER_HELP))

    @on(Input.Submitted, "#excerpts-filter")
    def _filter_given(self, event: Input.Submitted) -> None:
        if self.apply_filter(event.value):
            self._close_filter()

    def apply_filter(self, text: str) -> bool:
        """Show only the rows `text` keeps; whether it could be applied (if not, the status
        line says why and the list stays as it was)."""
        text = " ".join(text.split())
        try:
            parsed = parse_filter(text)
            informants = (self.app.project.store.informants() if parsed.attributes else {})
            shown = parsed.select(self.rows, informants)
        except QualcodeError as exc:
            self.say(str(exc))
            return False
        self.filter_text, self.shown = text, shown
        self.query_one(DataTable).move_cursor(row=0)
        self._show()
        self.say("" if shown or not text else tr("nothing passes this filter; F shows all"))
        return True

    def _close_filter(self) -> None:
        box = self.query_one("#excerpts-filter", Input)
        if box.has_focus and not box.has_class("hidden"):
            self.say("")  # the filter's help, no longer needed
        box.add_class("hidden")
        self.query_one(DataTable).focus()

    def action_clear_filter(self) -> None:
        self.apply_filter("")
        self._close_filter()

    def action_back(self) -> None:
        if self.query_one("#excerpts-filter", Input).has_focus:
            self._close_filter()
        else:
            self.app.pop_screen()

    # ------------------------------------------------------------------ going and writing

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._jump(int(event.row_key.value))

    def action_jump(self) -> None:
        if self.current() is not None:
            self._jump(self.query_one(DataTable).cursor_row)

    def _jump(self, index: int) -> None:
        row = self.shown[index]
        self.app.jump_to(row.source, row.start, row.end)

    def action_export(self) -> None:
        """The excerpts shown (filtered, in their order) to a new CSV file beside the
        project, in its exports folder."""
        if not self.shown:
            self.say(tr("nothing to export: no excerpt is shown"))
            return
        project_path = Path(self.app.project.path)
        out = exports_folder(project_path) / export_name(self.code, self.heading,
                                                         datetime.now())
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            check_output(out, project=project_path)
            write_output(out, csv_text(self.shown, self.code))
        except OSError as exc:
            self.say(tr("{path}: cannot write ({reason})", path=out, reason=exc.strerror))
            return
        except QualcodeError as exc:
            self.say(str(exc))
            return
        self.say(tr("wrote {n} excerpt(s) to {path}", n=len(self.shown), path=out))


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
