"""Correcting sources from the workbench (a part of MainScreen, kept apart to keep each module
one idea): rename (R), delete (D, after a typed yes), set details (P: site, method, language,
date, title, an informant's details), a new version of the text (Y, in a worker, codings
re-anchored), rename the site (W), and the detached codings (X, screens.detached).

They act on the source (or site) under the navigator's cursor while the navigator has the
focus, else on the open source. Each is one
journaled action of the coder (u undoes it). Whoever changed the sources (here, an undo,
another window or the CLI), `follow_sources` shows them as they are now: the open source
renamed, moved or given a new text is shown anew at the same place, a deleted one gives way
to the first source left, and the navigator is built again when its tree no longer fits.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.model import SourceInfo
from qualcode.tui.i18n import marked, tr
from qualcode.tui.screens.coding import REFUSED, one_line
from qualcode.tui.screens.job import JobScreen, Progress
from qualcode.tui.screens.prompt import PromptScreen
from qualcode.tui.widgets.navigator import Navigator

YES = ("y", "yes", "ya")
# what is typed: the values themselves (method, language, group) stay as they are
_HINTS = {"method": "interview | fgd | observation | document", "language": "id | en",
          "date": marked("2021-05-03, 3 Mei 2021 or 03/05/2021; - clears it"),
          "title": marked("- clears it"), "site": marked("a site of the project, or a new one"),
          "group": marked("key | main | supporting | triangulation; - clears it")}
# a source's details and an informant's, by their names in the store
_FIELDS = {"site": marked("site"), "method": marked("method"), "language": marked("language"),
           "date": marked("date"), "title": marked("title"), "role": marked("role"),
           "organisation": marked("organisation"), "sector": marked("sector"),
           "group": marked("group")}


def _hint(field: str) -> str:
    return tr(_HINTS.get(field, ""))


def _field(name: str) -> str:
    return tr(_FIELDS[name]) if name in _FIELDS else name


class SourceEditing:
    """Mixed into MainScreen, which provides the store, `source`, `text`, `sources`,
    `shown_source` (the SourceInfo the title shows), `open_source`, `refresh_panes`,
    `write` and `say`."""

    # ------------------------------------------------------------------ following changes

    def follow_sources(self) -> bool:
        """Show the sources as the store has them; True when the open source was shown anew
        (renamed, moved, its details or text changed, or deleted)."""
        sources = self.store.sources()
        shown: SourceInfo | None = self.shown_source
        if self.source is None and sources:  # (the last one deleted, and brought back)
            self.open_source(sources[0].name)
            return True
        if self.source is not None and shown is not None:
            now = next((s for s in sources if s.id == shown.id), None)
            if now is None:
                self._src_open_first(sources, tr("{name} was deleted", name=shown.name))
                return True
            if _face(now) != _face(shown) or self.store.source_text(now.name) != self.text:
                self._src_reopen(now.name)
                return True
        if not self.query_one(Navigator).shows(sources):
            self.refresh_panes()
        return False

    def _src_reopen(self, name: str) -> None:
        """The open source again (renamed, moved or with a new text), the cursor kept as
        near as the text allows."""
        at = self.transcript.cursor_offset
        self.open_source(name)
        self.transcript.move_to(min(at, len(self.text)))

    def _src_open_first(self, sources: list[SourceInfo], why: str) -> None:
        if sources:
            self.open_source(sources[0].name)
            self.say(tr("{why}; showing {name}.", why=why, name=sources[0].name))
            return
        self.source = self.shown_source = None
        self.text, self.turns, self.sentences, self.words, self.codings = "", [], [], [], []
        self.transcript.show_source("", [], [])
        self.query_one("#source-title").update(tr("no sources: I imports transcripts"))
        self.refresh_panes()
        self.say(tr("{why}; the project has no sources now.", why=why))

    def _src_corrected(self, message: str) -> None:
        self.follow_sources()
        self.say(tr("✓ saved {time} — {what} (u undoes it)", time=f"{datetime.now():%H:%M:%S}",
                    what=message))

    # ------------------------------------------------------------------ which source

    def _src_highlighted(self) -> tuple[str | None, str | None]:
        """(site, source) under the navigator's cursor while it has the focus."""
        navigator = self.query_one(Navigator)
        return navigator.highlighted() if navigator.has_focus else (None, None)

    def _src_chosen_source(self) -> str | None:
        """The source under the navigator's cursor (while it has the focus), else the open
        one (None: said why)."""
        _, name = self._src_highlighted()
        name = name or self.source
        if name is None:
            self.say(tr("No source: import transcripts first (I)."))
        return name

    def _src_chosen_site(self) -> str | None:
        site, _ = self._src_highlighted()
        if site is None and self.shown_source is not None:
            site = self.shown_source.site
        if site is None:
            self.say(tr("No site yet: import transcripts first (I)."))
        return site

    def _src_ask(self, title: str, value: str, hint: str, then: Callable[[str], None]) -> None:
        def done(text: str | None) -> None:
            if text is not None:
                then(text)

        self.app.push_screen(PromptScreen(title, value, tr(
            "{hint} — Enter saves, Escape cancels", hint=hint)), done)

    # ------------------------------------------------------------------ R, D, W

    def action_rename_source(self) -> None:
        name = self._src_chosen_source()
        if name is None:
            return

        def rename(new: str) -> None:
            if new.strip() == name:
                self.say(tr("Not renamed: the same name."))
            elif self.write(self.store.rename_source, name, new,
                            self.app.project.coder) is not REFUSED:
                self._src_corrected(tr("renamed source {name} → {new}", name=name,
                                       new=new.strip()))

        self._src_ask(tr("Rename source {name} to…", name=name), name,
                      tr("a name not yet in the project"), rename)

    def action_delete_source(self) -> None:
        name = self._src_chosen_source()
        if name is None:
            return
        codings = self.store.codings(source=name)
        coders = sorted({c.coder for c in codings})
        memos = sum(1 for m in self.store.memos() if (m.target_kind, m.target) == (
            "source", name))
        detached = len(self.store.detached_codings(name))
        parts = [tr("{n} codings (by {coders})", n=len(codings), coders=", ".join(coders))
                 if coders else tr("{n} codings", n=len(codings))]
        if memos:
            parts.append(tr("{n} memos", n=memos))
        if detached:
            parts.append(tr("{n} detached codings", n=detached))
        what = ", ".join(parts)

        def delete(answer: str) -> None:
            if answer.strip().lower() not in YES:
                self.say(tr("Not deleted: {name} stays.", name=name))
            elif self.write(self.store.delete_source, name,
                            self.app.project.coder) is not REFUSED:
                self._src_corrected(tr("deleted source {name} with {what}", name=name,
                                       what=what))

        # the question short enough for one line of the prompt; the rest below it
        self._src_ask(tr("Delete {name} and its {n} codings? Type yes.", name=name,
                         n=len(codings)), "",
                      tr("{what}; yes deletes it all (u undoes it)", what=what), delete)

    def action_rename_site(self) -> None:
        site = self._src_chosen_site()
        if site is None:
            return

        def rename(new: str) -> None:
            if new.strip() == site:
                self.say(tr("Not renamed: the same name."))
            elif self.write(self.store.rename_site, site, new,
                            self.app.project.coder) is not REFUSED:
                self._src_corrected(tr("renamed site {site} → {new}", site=site,
                                       new=new.strip()))

        self._src_ask(tr("Rename site {site} to…", site=site), site,
                      tr("a name not yet a site"), rename)

    # ------------------------------------------------------------------ P: details

    def action_set_source(self) -> None:
        name = self._src_chosen_source()
        if name is None:
            return
        try:
            info = self.store.source_info(name)
        except QualcodeError as exc:
            self.say(one_line(exc))
            return
        # the name alone is the label, so typing it finds it; the value is in the help
        choices = [(_field(field), tr("now: {value}", value=getattr(info, field) or "—"),
                    partial(self._src_set_field, name, field, getattr(info, field)))
                   for field in ("site", "method", "language", "date", "title")]
        people = {i.label: i for i in self.store.informants(info.site).get(info.site, [])}
        for label in info.informants:
            person = people.get(label)
            described = ", ".join(f"{_field(k)}: {v}" for k, v in person.described().items()
                                  ) if person else ""
            choices.append((tr("informant {label}", label=label),
                            described or tr("no details yet"),
                            partial(self._src_pick_detail, name, info.site, label)))
        choices.append((tr("rename site {site}…", site=info.site),
                        tr("every source there follows"), self.action_rename_site))
        self.app.pick_choice(tr("Set what of {name}?", name=name), choices)

    def _src_set_field(self, name: str, field: str, current: str) -> None:
        def save(value: str) -> None:
            from qualcode.ingest.corrections import typed_date

            def act() -> list[str]:
                given = typed_date(value) if field == "date" else (
                    "" if value.strip() == "-" else value)
                return self.store.set_source(name, self.app.project.coder, {field: given})

            said = self.write(act)
            if said is REFUSED:
                return
            if not said:
                self.say(tr("Nothing changed: {name} already has that {field}.", name=name,
                            field=_field(field)))
            else:
                self._src_corrected(tr("set {name}: {changes}", name=name,
                                       changes="; ".join(said)))

        self._src_ask(tr("{field} of {name}", field=_field(field).capitalize(), name=name),
                      current, _hint(field), save)

    def _src_pick_detail(self, name: str, site: str, label: str) -> None:
        person = next((i for i in self.store.informants(site).get(site, [])
                       if i.label == label), None)
        if person is None:
            self.say(tr("{label} is no longer an informant at {site}.", label=label, site=site))
            return
        fields = [(key, getattr(person, key)) for key in ("role", "organisation", "sector",
                                                           "group")]
        fields += [(str(k), "" if v is None else str(v)) for k, v in person.attributes.items()]
        choices = [(_field(key) if i < 4 else key, tr("now: {value}", value=value or "—"),
                    partial(self._src_set_detail, name, label, key, value, i >= 4))
                   for i, (key, value) in enumerate(fields)]
        choices.append((tr("add an attribute (gender, tenure, …)"),
                        tr("as NAME=VALUE, e.g. gender=perempuan"),
                        partial(self._src_set_detail, name, label, "", "", True)))
        self.app.pick_choice(tr("Which detail of {label} (at {site}, in every source where "
                                "{label} speaks)?", label=label, site=site), choices)

    def _src_set_detail(self, name: str, label: str, key: str, current: str,
                    attribute: bool) -> None:
        def save(value: str) -> None:
            from qualcode.ingest.corrections import typed_group

            def act() -> list[str]:
                if attribute:
                    k, sep, v = (value.partition("=") if not key else (key, "=", value))
                    if not sep or not k.strip():
                        raise QualcodeError(tr("write NAME=VALUE, e.g. gender=perempuan"))
                    details: dict[str, object] = {"attributes": {
                        k.strip().lower(): "" if v.strip() == "-" else v}}
                else:
                    given = typed_group(value) if key == "group" else (
                        "" if value.strip() == "-" else value)
                    details = {key: given}
                return self.store.set_source(name, self.app.project.coder, None,
                                             {label: details})

            said = self.write(act)
            if said is REFUSED:
                return
            if not said:
                self.say(tr("Nothing changed: {label} already has that.", label=label))
            else:
                self._src_corrected(tr("set {name}: {changes}", name=name,
                                       changes="; ".join(said)))

        title = (tr("{field} of {name}", field=_field(key), name=label) if key
                 else tr("New attribute of {label}", label=label))
        hint = (_hint(key) if key in _HINTS else tr("- clears it") if key
                else tr("NAME=VALUE"))
        self._src_ask(title, current, hint, save)

    # ------------------------------------------------------------------ Y: a new version

    def action_replace_source(self) -> None:
        name = self._src_chosen_source()
        if name is None:
            return
        project_path, coder = self.app.project.path, self.app.project.coder

        def replace(path: str) -> None:
            file = Path(path.strip().strip("'\"")).expanduser()
            if not path.strip():
                self.say(tr("Not replaced: no file given."))
                return
            self.app.push_screen(JobScreen(
                tr("Replacing the text of {name} with {file}", name=name, file=file),
                partial(replace_job, project_path, coder, name, file),
                on_done=self.follow_sources))  # the job's window says how it went

        self._src_ask(tr("New version of {name}: the file with its corrected text", name=name),
                      "", tr(".txt .md .docx .pdf .vtt .srt; codings follow their words"),
                      replace)

    # ------------------------------------------------------------------ X: detached codings

    def action_detached(self) -> None:
        from qualcode.tui.screens.detached import DetachedScreen

        self.app.push_screen(DetachedScreen())


def replace_job(project_path: Path, coder: str, name: str, path: Path,
                progress: Progress) -> str:
    """`qualcode source replace` in a worker thread, on its own connection to the project,
    journaled under the workbench's coder."""
    from qualcode.ingest.corrections import replace_text, what_changed
    from qualcode.store.project import Project

    with Project.open(project_path) as project:
        project.coder = coder
        before = project.store.source_info(name)
        result, parsed = replace_text(project, name, path)
    if result.unchanged:
        return tr("{file} holds the same text as {name}: nothing changed", file=path.name,
                  name=name)
    detached = (tr(", {n} detached: X reviews them", n=len(result.detached))
                if result.detached else tr(", none detached"))
    changed = "; ".join(line.split(" (--")[0] for line in what_changed(before, parsed))
    also = tr(". As the file says: {changed}", changed=changed) if changed else ""
    return tr("replaced the text of {name}: {kept} codings in place, {moved} moved with their "
              "words, {by_quote} placed by their quote{detached}{also}", name=name,
              kept=result.kept, moved=result.moved, by_quote=result.by_quote,
              detached=detached, also=also)


def _face(info: SourceInfo) -> tuple:
    """What the workbench shows of a source besides its codings."""
    return (info.name, info.site, info.method, info.date, info.language, info.title,
            info.chars, info.informants)
