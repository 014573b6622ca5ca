"""Correcting sources and sites (`qualcode source …`, `qualcode site rename`): each change one
journaled, undoable action; bad input one line with nothing changed; a new version of a text
carries every coding to the same words or lists it as detached, never losing one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import snapshot_db, write
from test_refi_import import _content

from qualcode.errors import QualcodeError
from qualcode.exchange.exporter import export_project
from qualcode.exchange.importer import import_refi
from qualcode.ingest.corrections import replace_text
from qualcode.ingest.sample import init_project
from qualcode.ingest.sources import import_files
from qualcode.model import NewCoding, Ruling
from qualcode.store.project import Project

KOTA = "madiun-cadre-kota"
FGD = "kotim-fgd-lintas-sektor"


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("qualcode: "), err
    return lines[0].removeprefix("qualcode: ")


def material(project: Project) -> list:
    """Every row but the journal's: what an undo must put back exactly."""
    return [t for t in snapshot_db(project) if t[0] not in ("journal", "journal_rows",
                                                            "sqlite_sequence")]


def refused(cli, project: Project, *args: object) -> str:
    """Run a command that must fail: one line, exit 1, nothing written (journal included)."""
    before = snapshot_db(project)
    result = cli(*args)
    assert result.code == 1, (args, result.err)
    assert snapshot_db(project) == before, args
    return one_line(result.err)


def words(project: Project, source: str) -> dict[int, str]:
    text = project.store.source_text(source)
    return {c.id: text[c.start:c.end] for c in project.store.codings(source=source)}


# --------------------------------------------------------------------- a new version

def edited(text: str) -> tuple[str, str, str]:
    """The acceptance edit of madiun-cadre-kota: sentences inserted, a word corrected inside a
    coded span, a paragraph (a question and its answer, holding coding 401) deleted.
    Returns the new text, the old and the new words of the corrected coding."""
    text = text.replace("saya salah satunya. (tertawa)",
                        "saya salah satunya. (tertawa) Saya juga masih aktif di posyandu. "
                        "Anak saya dua, sudah besar semua.")
    text = text.replace("Habis itu tanda tangan perjanjian, terus dibekali dua hari",
                        "Habis itu tanda tangan perjanjian, terus dibekali tiga hari")
    start = text.index("Pewawancara: Pandemi dan kenaikan iuran")
    text = text[:start] + text[text.index("Pewawancara: Pembekalan dari BPJS"):]
    return (text, "terus dibekali dua hari", "terus dibekali tiga hari")


def test_replace_lands_every_coding_on_its_words_or_lists_it(cli, sample: Project,
                                                              tmp_path: Path) -> None:
    before = words(sample, KOTA)
    new, fixed_old, fixed_new = edited(sample.store.source_text(KOTA))
    path = write(tmp_path / "kota-v2.txt", new)
    result = cli("--coder", "editor", "source", "replace", sample.path, KOTA, path)
    assert result.code == 0, result.err
    lines = result.err.splitlines()
    assert lines[0] == (f"replaced the text of {KOTA} with {path}: 40 codings: 0 in place, "
                        "39 moved with their words, 0 placed by their quote, 1 detached")
    assert "401  factors/covid-and-fee-increase" in result.err  # listed: id, code, …
    assert "sample-b" in lines[-1] and "“Pas awal pandemi saya nggak berani" in lines[-1]
    assert sample.store.source_text(KOTA) == new
    after = words(sample, KOTA)
    detached = {d.id: d for d in sample.store.detached_codings(KOTA)}
    assert set(after) | set(detached) == set(before)  # none lost
    assert set(detached) == {401}
    assert detached[401].quote == before[401] and detached[401].coder == "sample-b"
    for coding_id, old in before.items():
        if coding_id in after:
            assert after[coding_id] == old.replace(fixed_old, fixed_new), coding_id
    assert sum(fixed_old in w for w in before.values()) == 2  # both coders' codings of it
    assert sample.store.source_info(KOTA).words == len(new.split())
    (entry,) = sample.store.journal("editor")
    assert entry.action == "replace-source" and entry.source == KOTA


def test_verdicts_do_not_change_when_no_coded_text_did(cli, sample: Project,
                                                       tmp_path: Path) -> None:
    verdicts = cli("verdict", sample.path, "--json").out
    text = sample.store.source_text(KOTA).replace(
        "saya salah satunya. (tertawa)",
        "saya salah satunya. (tertawa) Saya juga masih aktif di posyandu.")
    assert cli("source", "replace", sample.path, KOTA, write(tmp_path / "k.txt", text)
               ).code == 0
    assert sample.store.detached_codings() == []
    assert cli("verdict", sample.path, "--json").out == verdicts
    assert json.loads(verdicts)  # (verdicts there were)


def test_the_same_text_changes_nothing(cli, sample: Project, tmp_path: Path) -> None:
    same = write(tmp_path / f"{KOTA}.txt", sample.store.source_text(KOTA))
    before = snapshot_db(sample)
    result = cli("source", "replace", sample.path, KOTA, same)
    assert result.code == 0
    assert result.err.startswith(f"{same} holds the same text as {KOTA}: nothing changed")
    assert snapshot_db(sample) == before


def test_replace_keeps_what_the_file_does_not_say(cli, sample: Project,
                                                  tmp_path: Path) -> None:
    """A plain text without front matter: site, method, language, title, date and the
    researcher's labels stay the source's; its informant K1 is still known at the site."""
    info = sample.store.source_info(KOTA)
    text = sample.store.source_text(KOTA) + "K1: Sudah, Mbak, itu saja.\n"
    assert cli("source", "replace", sample.path, KOTA, write(tmp_path / "baru.txt", text)
               ).code == 0
    now = sample.store.source_info(KOTA)
    assert (now.site, now.method, now.language, now.title, now.date, now.informants) == (
        info.site, info.method, info.language, info.title, info.date, info.informants)
    turns = sample.store.turns(KOTA)
    assert turns[-1].speaker == "K1" and not turns[-1].is_researcher
    assert any(t.is_researcher and t.speaker == "Pewawancara" for t in turns)
    again = text + "K1: Matur nuwun.\n"
    assert cli("source", "replace", sample.path, KOTA, write(tmp_path / "b2.txt", again),
               "--method", "fgd", "--site", "Kota Madiun").code == 0
    now = sample.store.source_info(KOTA)
    assert (now.method, now.site) == ("fgd", "Kota Madiun")
    # a file that names the site by a name it no longer has moves the source: it says so
    assert cli("site", "rename", sample.path, "Kota Madiun", "Madiun Kota").code == 0
    header = "---\nsite: Kota Madiun\nmethod: fgd\n---\n"
    result = cli("source", "replace", sample.path, KOTA, write(tmp_path / "b3.txt",
                                                               header + text))
    assert "  also changed: site Madiun Kota → Kota Madiun (--site 'Madiun Kota' keeps it)" \
        in result.err.splitlines()


def test_replace_refuses_bad_input_in_one_line(cli, sample: Project, tmp_path: Path) -> None:
    project = sample.path
    good = write(tmp_path / "v2.txt", sample.store.source_text(KOTA) + "K1: Iya.\n")
    assert refused(cli, sample, "source", "replace", project, "nosuch", good) == (
        "no source named 'nosuch' in the project")
    assert refused(cli, sample, "source", "replace", project, KOTA, tmp_path / "none.txt") == (
        f"{tmp_path / 'none.txt'}: no such file")
    odt = write(tmp_path / "v2.odt", "x")
    assert "unsupported file type '.odt'" in refused(cli, sample, "source", "replace",
                                                     project, KOTA, odt)
    broken = write(tmp_path / "v3.txt", "---\nsite: Madiun\nmethod: [\n---\nK1: x\n")
    assert refused(cli, sample, "source", "replace", project, KOTA, broken).startswith(
        f"{broken}:")
    assert "unknown method 'survey'" in refused(cli, sample, "source", "replace", project,
                                                KOTA, good, "--method", "survey")
    empty = write(tmp_path / "v4.txt", "---\nsite: Madiun\n---\n")
    assert "no transcript text" in refused(cli, sample, "source", "replace", project, KOTA,
                                           empty)
    other = write(tmp_path / "v5.txt", "---\ninformants:\n  - id: P1\n    role: Bupati\n---\n"
                  "Pewawancara: Siapa?\nP1: Saya.\n")
    line = refused(cli, sample, "source", "replace", project, KOTA, other)
    assert "informant 'P1' at Madiun is Kepala Bidang Penagihan" in line


def test_undo_and_redo_of_a_replace_put_back_every_row(cli, sample: Project,
                                                       tmp_path: Path) -> None:
    before = material(sample)
    path = write(tmp_path / "v2.txt", edited(sample.store.source_text(KOTA))[0])
    assert cli("--coder", "editor", "source", "replace", sample.path, KOTA, path).code == 0
    replaced = material(sample)
    assert cli("--coder", "sample", "undo", sample.path).err.startswith("nothing of yours")
    assert cli("--coder", "editor", "undo", sample.path).code == 0
    assert material(sample) == before
    assert cli("--coder", "editor", "redo", sample.path).code == 0
    assert material(sample) == replaced


def test_undo_of_a_replace_is_refused_after_a_coder_changed_a_moved_coding(
        cli, sample: Project, tmp_path: Path) -> None:
    path = write(tmp_path / "v2.txt", edited(sample.store.source_text(KOTA))[0])
    assert cli("--coder", "editor", "source", "replace", sample.path, KOTA, path).code == 0
    coding = sample.store.coding(301)
    sample.store.update_coding(301, "sample", coding.version, memo="dicek ulang")
    before = snapshot_db(sample)
    result = cli("--coder", "editor", "undo", sample.path)
    assert result.code == 1 and "the coding was changed by sample at" in one_line(result.err)
    assert snapshot_db(sample) == before


def test_codings_that_trade_places_survive_undo_and_redo(project: Project,
                                                         tmp_path: Path) -> None:
    """Two codings of one code by one coder: the insertion moves the first onto the span the
    second holds now. The unique index never sees two at once, forwards or backwards."""
    import_files(project, [write(tmp_path / "catatan.txt", "---\nsite: Madiun\nmethod: "
                                 "observation\n---\nabc abc x\n")])
    store = project.store
    store.add_coding(NewCoding("catatan", 0, 3, "heideneim/formal-contract", coder="ana"))
    store.add_coding(NewCoding("catatan", 4, 7, "heideneim/formal-contract", coder="ana"))
    store.add_rejection("catatan", 0, 3, "heideneim/joint-budget", "ana", None)
    store.add_rejection("catatan", 4, 7, "heideneim/joint-budget", "ana", None)
    old = store.source_text("catatan")
    project.coder = "editor"
    before = material(project)
    result, _ = replace_text(project, "catatan", write(tmp_path / "v2.txt", "---\nsite: "
                                                       "Madiun\n---\nzzz " + old))
    assert (result.kept, result.moved, len(result.detached)) == (0, 2, 0)
    assert [(c.start, c.end) for c in store.codings()] == [(4, 7), (8, 11)]
    assert sorted(r[1:3] for r in store.rejections()) == [(4, 7), (8, 11)]
    after = material(project)
    assert store.undo("editor") is not None and material(project) == before
    assert store.redo("editor") is not None and material(project) == after


def test_a_coding_that_would_repeat_another_is_detached_not_lost(project: Project,
                                                                 tmp_path: Path) -> None:
    import_files(project, [write(tmp_path / "c.txt", "---\nsite: Madiun\nmethod: "
                                 "observation\n---\nsatu dua tiga empat\n")])
    store = project.store
    code = "heideneim/formal-contract"
    first = store.add_coding(NewCoding("c", 0, 8, code, coder="ana"))  # "satu dua"
    second = store.add_coding(NewCoding("c", 0, 13, code, coder="ana"))  # "satu dua tiga"
    project.coder = "editor"
    result, _ = replace_text(project, "c", write(tmp_path / "c2.txt", "---\nsite: Madiun\n"
                                                 "---\nsatu dua empat\n"))
    # the diff puts both on "satu dua": the second is kept apart, with its words
    assert [c.id for c in store.codings()] == [first.id]
    assert [(d.id, d.quote) for d in result.detached] == [(second.id, "satu dua tiga")]


def test_adjudications_follow_their_words_or_are_dropped(project: Project,
                                                         tmp_path: Path) -> None:
    import_files(project, [write(tmp_path / "c.txt", "---\nsite: Madiun\nmethod: "
                                 "observation\n---\nsatu dua tiga. empat lima enam.\n")])
    store = project.store
    code = "heideneim/formal-contract"
    for start, end in ((0, 14), (15, 31)):
        store.replace_codings([], [NewCoding("c", start, end, code, coder="consensus")],
                              "lead", Ruling("c", start, end, code, "consensus", ("ana",)))
    project.coder = "editor"
    result, _ = replace_text(project, "c", write(tmp_path / "c2.txt", "---\nsite: Madiun\n"
                                                 "---\nnol. satu dua tiga.\n"))
    assert result.dropped_rulings == 1
    (ruling,) = store.rulings()
    assert store.source_text("c")[ruling.start:ruling.end] == "satu dua tiga."
    assert [d.quote for d in result.detached] == ["empat lima enam."]


# --------------------------------------------------------------------- detached codings

@pytest.fixture
def detached(cli, sample: Project, tmp_path: Path) -> Project:
    """The sample after the acceptance edit: coding 401 detached."""
    path = write(tmp_path / "v2.txt", edited(sample.store.source_text(KOTA))[0])
    assert cli("source", "replace", sample.path, KOTA, path).code == 0
    return sample


def test_detached_codings_are_listed(cli, detached: Project) -> None:
    shown = cli("source", "detached", detached.path)
    assert shown.code == 0
    assert shown.out.splitlines()[0].split() == ["id", "source", "code", "stance", "coder",
                                                 "was", "quote"]
    assert "401  madiun-cadre-kota  factors/covid-and-fee-increase" in shown.out
    (row,) = json.loads(cli("source", "detached", detached.path, KOTA, "--json").out)
    assert row["id"] == 401 and row["was"] == [5979, 6049] and row["coder"] == "sample-b"
    assert row["quote"].startswith("Pas awal pandemi")
    assert json.loads(cli("source", "detached", detached.path, FGD, "--json").out) == []
    assert cli("source", "detached", detached.path, FGD).err == (
        f"no detached codings in {FGD}\n")
    assert "no source named 'x'" in refused(cli, detached, "source", "detached",
                                            detached.path, "x")


def test_place_by_quote_or_span_then_undo(cli, detached: Project) -> None:
    text = detached.store.source_text(KOTA)
    result = cli("--coder", "editor", "source", "place", detached.path, "401", "--quote",
                 "Warga   yang nggak sadar.")  # whitespace runs match any whitespace
    assert result.code == 0, result.err
    coding = detached.store.coding(401)
    assert text[coding.start:coding.end] == "Warga yang nggak sadar."
    assert (coding.code, coding.coder, coding.stance) == (
        "factors/covid-and-fee-increase", "sample-b", "supports")
    assert detached.store.detached_codings() == []
    assert cli("--coder", "editor", "undo", detached.path).code == 0
    assert [d.id for d in detached.store.detached_codings()] == [401]
    assert cli("source", "place", detached.path, "401", "--span", "10-40").code == 0
    assert (detached.store.coding(401).start, detached.store.coding(401).end) == (10, 40)


def test_place_refuses_bad_input_in_one_line(cli, detached: Project) -> None:
    p = detached.path
    assert refused(cli, detached, "source", "place", p, "999", "--span", "1-2") == (
        "no detached coding with id 999 (see 'qualcode source detached')")
    assert "the end must come after the start" in refused(cli, detached, "source", "place",
                                                          p, "401", "--span", "40-10")
    assert "is not inside madiun-cadre-kota" in refused(cli, detached, "source", "place", p,
                                                        "401", "--span", "10-999999")
    assert "write START-END" in refused(cli, detached, "source", "place", p, "401", "--span",
                                        "sepuluh")
    assert "the quote is not in madiun-cadre-kota" in refused(
        cli, detached, "source", "place", p, "401", "--quote", "Pas awal pandemi")
    assert "occurrence 99 of the quote" in refused(cli, detached, "source", "place", p, "401",
                                                   "--quote", "Mbak", "--occurrence", "99")
    assert refused(cli, detached, "source", "place", p, "401", "--span", "1-2",
                   "--occurrence", "2") == "--occurrence goes with --quote"
    coding = detached.store.codings(source=KOTA, coder="sample-b")[0]
    detached.store.update_coding(coding.id, "sample-b", coding.version,
                                 code="factors/covid-and-fee-increase")
    assert "sample-b has already coded" in refused(
        cli, detached, "source", "place", p, "401", "--span", f"{coding.start}-{coding.end}")


def test_drop_asks_then_drops_and_undo_brings_it_back(cli, detached: Project) -> None:
    before = material(detached)
    line = refused(cli, detached, "source", "drop", detached.path, "401")
    assert line.startswith("drop detached coding 401 (factors/covid-and-fee-increase, "
                           "supports, sample-b) of madiun-cadre-kota: “Pas awal pandemi")
    assert line.endswith(": add --yes to go ahead (nothing changed)")
    assert cli("--coder", "editor", "source", "drop", detached.path, "401", "--yes").code == 0
    assert detached.store.detached_codings() == []
    assert cli("--coder", "editor", "undo", detached.path).code == 0
    assert material(detached) == before


# --------------------------------------------------------------------- delete

def test_delete_needs_yes_takes_everything_and_undo_brings_it_back(cli, sample: Project,
                                                                   tmp_path: Path) -> None:
    store = sample.store
    store.add_memo("source", KOTA, "Wawancara di teras rumah.", "sample")
    store.add_rejection(KOTA, 0, 10, "heideneim/joint-budget", "sample", None)
    before = material(sample)
    line = refused(cli, sample, "source", "delete", sample.path, KOTA)
    assert line == (f"delete source {KOTA} with 40 codings (by sample, sample-b), 1 memo on "
                    "it: add --yes to go ahead (nothing changed)")
    result = cli("--coder", "editor", "source", "delete", sample.path, KOTA, "--yes")
    assert result.code == 0
    assert KOTA not in store.source_names() and store.codings(source=KOTA) == []
    assert [m for m in store.memos() if m.target == KOTA] == []
    assert store.rejections() == []
    site = store.informants("Madiun")["Madiun"]
    assert "K1" in {i.label for i in site}  # a person with details stays at the site
    assert cli("--coder", "editor", "undo", sample.path).code == 0
    assert material(sample) == before


def test_delete_the_last_source_of_a_site_takes_the_empty_site(cli, project: Project,
                                                               tmp_path: Path) -> None:
    import_files(project, [write(tmp_path / "satu.txt", "---\nsite: Jiwan\n---\n"
                                 "Pewawancara: Apa kabar?\nK7: Baik.\n")])
    assert cli("source", "delete", project.path, "satu", "--yes").code == 0
    assert project.store.sites() == [] and project.store.informants() == {}
    assert cli("undo", project.path).code == 0
    assert project.store.sites() == ["Jiwan"]
    assert [i.label for i in project.store.informants()["Jiwan"]] == ["K7"]


def test_delete_refuses_an_unknown_source(cli, sample: Project) -> None:
    assert refused(cli, sample, "source", "delete", sample.path, "nosuch", "--yes") == (
        "no source named 'nosuch' in the project")


# --------------------------------------------------------------------- rename

def test_rename_takes_memos_and_guid_along_and_undoes(cli, sample: Project) -> None:
    store = sample.store
    store.add_memo("source", KOTA, "Wawancara di teras rumah.", "sample")
    store.add_refi_guids([("source", KOTA, "0b9e5f2e-3a0c-4b8e-9a41-6f9b2b8f6d10")])
    before = material(sample)
    result = cli("--coder", "editor", "source", "rename", sample.path, KOTA, " kota-1 ")
    assert result.err == f"renamed source {KOTA} → kota-1 (its 1 memo follows)\n"
    assert "kota-1" in store.source_names() and len(store.codings(source="kota-1")) == 40
    assert [m.target for m in store.memos()] == ["kota-1"]
    assert store.refi_guids()[("source", "kota-1")].startswith("0b9e5f2e")
    assert cli("--coder", "editor", "undo", sample.path).code == 0
    after_undo = material(sample)
    # everything as it was, but the REFI-QDA GUID (not journaled) stays with the new name
    assert [t for t in after_undo if t[0] != "refi_guids"] == [
        t for t in before if t[0] != "refi_guids"]


def test_rename_refuses_bad_names_in_one_line(cli, sample: Project) -> None:
    p = sample.path
    assert refused(cli, sample, "source", "rename", p, KOTA, FGD) == (
        f"a source named '{FGD}' is already in the project; nothing changed")
    assert refused(cli, sample, "source", "rename", p, KOTA, KOTA) == (
        f"the source is already named '{KOTA}'; nothing changed")
    assert "cannot hold '/'" in refused(cli, sample, "source", "rename", p, KOTA, "a/b")
    assert refused(cli, sample, "source", "rename", p, KOTA, "  ") == (
        "a source needs a name; nothing changed")
    assert refused(cli, sample, "source", "rename", p, "nosuch", "x") == (
        "no source named 'nosuch' in the project")


# --------------------------------------------------------------------- set

def test_set_fields_with_dates_as_people_write_them(cli, sample: Project) -> None:
    result = cli("source", "set", sample.path, KOTA, "--date", "3 Mei 2021", "--title", "-",
                 "--language", "en")
    assert result.code == 0
    info = sample.store.source_info(KOTA)
    assert (info.date, info.title, info.language) == ("2021-05-03", "", "en")
    assert "date 2020-11-10 → 2021-05-03" in result.err
    assert cli("source", "set", sample.path, KOTA, "--date", "03/05/2021").err == (
        f"nothing changed: {KOTA} already has these values\n")


def test_set_refuses_bad_input_in_one_line(cli, sample: Project) -> None:
    p = sample.path
    for args, message in (
            (("--method", "survey"), "unknown method 'survey' (use one of: interview, fgd, "
                                     "observation, document); nothing changed"),
            (("--language", "jv"), "unknown language 'jv' (use one of: id, en); nothing "
                                   "changed"),
            (("--date", "31/02/2021"), "not a date: '31/02/2021' (use YYYY-MM-DD, e.g. "
                                       "2021-05-03, or '3 Mei 2021'); nothing changed"),
            (("--date", "kemarin"), "not a date: 'kemarin' (use YYYY-MM-DD, e.g. "
                                    "2021-05-03, or '3 Mei 2021'); nothing changed"),
            (("--site", " "), "a site needs a name; nothing changed"),
            (("--site", "-"), "a site needs a name; nothing changed"),
            ((), "nothing to set: give --site, --method, --language, --date, --title, or "
                 "--informant LABEL with its details"),
            (("--group", "key"), "--role, --organisation, --sector, --group and --attribute "
                                 "set an informant's details: name them with --informant "
                                 "LABEL"),
            (("--informant", "K1"), "--informant K1: give --role, --organisation, --sector, "
                                    "--group or --attribute NAME=VALUE"),
            (("--informant", "P1", "--group", "key"), "no informant 'P1' speaks in this "
                                                      "source (have: K1); nothing changed"),
            (("--informant", "K1", "--group", "boss"), "unknown group 'boss' (use one of: "
                                                       "key, main, supporting, triangulation);"
                                                       " nothing changed"),
            (("--informant", "K1", "--attribute", "gender"), "--attribute 'gender': write "
                                                             "NAME=VALUE (NAME= removes it)"),
            (("--informant", "K1", "--attribute", "role=x"), "'role' is a field, not an "
                                                             "attribute: set it with --role; "
                                                             "nothing changed")):
        assert refused(cli, sample, "source", "set", p, KOTA, *args) == message, args
    assert refused(cli, sample, "source", "set", p, "nosuch", "--method", "fgd") == (
        "no source named 'nosuch' in the project")


def test_set_an_informants_details_for_every_source_they_speak_in(cli, sample: Project
                                                                   ) -> None:
    result = cli("source", "set", sample.path, KOTA, "--informant", "K1", "--group", "key",
                 "--attribute", "Gender=perempuan", "--attribute", "tenure=4 tahun",
                 "--sector", "-")
    assert result.code == 0, result.err
    (k1,) = [i for i in sample.store.informants("Madiun")["Madiun"] if i.label == "K1"]
    assert (k1.group, k1.sector) == ("key", "")
    assert k1.attributes == {"gender": "perempuan", "tenure": "4 tahun"}
    assert cli("source", "set", sample.path, KOTA, "--informant", "K1", "--attribute",
               "tenure=").code == 0
    (k1,) = [i for i in sample.store.informants("Madiun")["Madiun"] if i.label == "K1"]
    assert k1.attributes == {"gender": "perempuan"}
    # a person speaking in two sources: the message names the other
    result = cli("source", "set", sample.path, FGD, "--informant", "BPJS", "--role", "Kabag")
    assert result.code == 0


def test_moving_to_another_site_carries_the_informants(cli, project: Project,
                                                       tmp_path: Path) -> None:
    header = ("---\nsite: Madiun\ninformants:\n  - id: K1\n    role: Kader JKN-KIS\n"
              "    group: main\n---\n")
    import_files(project, [write(tmp_path / "satu.txt", header + "Pewawancara: Sejak kapan?"
                                 "\nK1: Sejak 2017.\n"),
                           write(tmp_path / "dua.txt", header + "Pewawancara: Lalu?\n"
                                 "K1: Kami datang ke rumah.\n"),
                           write(tmp_path / "lain.txt", "---\nsite: Jiwan\ninformants:\n"
                                 "  - id: K1\n    role: Bidan desa\n---\n"
                                 "Pewawancara: Ibu?\nK1: Bidan.\n")])
    store = project.store
    before = material(project)
    assert cli("source", "set", project.path, "satu", "--site", "Kota Madiun").code == 0
    assert store.sites() == ["Madiun", "Jiwan", "Kota Madiun"]
    (moved,) = store.informants("Kota Madiun")["Kota Madiun"]
    assert (moved.label, moved.role, moved.group) == ("K1", "Kader JKN-KIS", "main")
    assert [i.label for i in store.informants("Madiun")["Madiun"]] == ["K1"]  # dua uses K1
    assert cli("source", "set", project.path, "dua", "--site", "Kota Madiun").code == 0
    assert "Madiun" not in store.sites()  # left empty: gone with its informant
    assert store.source_info("dua").informants == ("K1",)
    # the same label at Jiwan is someone else: refused
    line = refused(cli, project, "source", "set", project.path, "dua", "--site", "Jiwan")
    assert line == ("informant 'K1' of dua is Kader JKN-KIS, but 'K1' at Jiwan is Bidan desa: "
                    "two people with one label at one site; nothing changed")
    assert cli("undo", project.path).code == 0 and cli("undo", project.path).code == 0
    assert material(project) == before


# --------------------------------------------------------------------- site rename

def test_site_rename_keeps_everything_attached(cli, sample: Project) -> None:
    store = sample.store
    store.add_memo("site", "Madiun", "Kota dan kabupaten.", "sample")
    verdicts = json.loads(cli("verdict", sample.path, "--site", "Madiun", "--json").out)
    before = material(sample)
    result = cli("--coder", "editor", "site", "rename", sample.path, "Madiun", "Madiun Raya")
    assert result.err == "renamed site Madiun → Madiun Raya (6 sources)\n"
    assert "Madiun Raya" in store.sites() and "Madiun" not in store.sites()
    assert [m.target for m in store.memos()] == ["Madiun Raya"]
    assert len(store.informants("Madiun Raya")["Madiun Raya"]) == 4
    now = json.loads(cli("verdict", sample.path, "--site", "Madiun Raya", "--json").out)
    def weighed(found: list[dict]) -> list[tuple]:
        return [(v["framework"], v["verdict"], v["status"], v["indicators"]) for v in found]

    assert weighed(now) == weighed(verdicts) and {v["site"] for v in now} == {"Madiun Raya"}
    assert cli("--coder", "editor", "undo", sample.path).code == 0
    assert material(sample) == before


def test_site_rename_refuses_in_one_line(cli, sample: Project) -> None:
    p = sample.path
    assert refused(cli, sample, "site", "rename", p, "Madiun", "Banyuasin") == (
        "a site named 'Banyuasin' is already in the project; nothing changed (move sources "
        "there with 'qualcode source set PROJECT NAME --site')")
    assert refused(cli, sample, "site", "rename", p, "Surabaya", "X") == (
        "no site 'Surabaya' (have: Banyuasin, Kotawaringin Timur, Madiun)")
    assert refused(cli, sample, "site", "rename", p, "Madiun", "") == (
        "a site needs a name; nothing changed")


# --------------------------------------------------------------------- REFI-QDA

def test_corrections_survive_refi_export_and_import(cli, sample: Project,
                                                    tmp_path: Path) -> None:
    p = sample.path
    path = write(tmp_path / "v2.txt", edited(sample.store.source_text(KOTA))[0])
    for args in (("source", "replace", p, KOTA, path),
                 ("source", "place", p, "401", "--quote", "Warga yang nggak sadar."),
                 ("source", "rename", p, KOTA, "kota-kader"),
                 ("source", "set", p, "kota-kader", "--site", "Kota Madiun", "--date",
                  "2021-05-03", "--informant", "K1", "--attribute", "gender=perempuan"),
                 ("site", "rename", p, "Banyuasin", "Kabupaten Banyuasin"),
                 ("source", "delete", p, "madiun-house-visit-observation", "--yes")):
        assert cli(*args).code == 0, (args, cli(*args).err)
    export_project(sample, tmp_path / "a.qdpx")
    fresh = init_project(tmp_path / "fresh")
    import_refi(fresh, tmp_path / "a.qdpx")
    assert _content(fresh) == _content(sample)
    assert fresh.store.source_info("kota-kader").site == "Kota Madiun"
    fresh.close()


def test_the_store_refuses_what_the_cli_checks(sample: Project) -> None:
    """Callers other than the CLI (the workbench) get the same refusals from the store."""
    store = sample.store
    before = snapshot_db(sample)
    for act in (lambda: store.set_source(KOTA, "x", {"date": "3 Mei 2021"}),
                lambda: store.set_source(KOTA, "x", {"words": "3"}),
                lambda: store.set_source(KOTA, "x", None, {"K1": {"colour": "red"}}),
                lambda: store.rename_site("Madiun", "a\nb", "x"),
                lambda: store.drop_detached(1, "x"),
                lambda: store.place_detached(1, 0, 5, "x")):
        with pytest.raises(QualcodeError):
            act()
    assert snapshot_db(sample) == before


SOURCE_COMMANDS = [
    ("source", "delete", "x", "--yes"), ("source", "rename", "x", "y"),
    ("source", "set", "x", "--method", "fgd"), ("source", "replace", "x", "{out}/v2.txt"),
    ("source", "detached"), ("source", "detached", "x", "--json"),
    ("source", "place", "1", "--span", "0-5"), ("source", "place", "1", "--quote", "abc"),
    ("source", "drop", "1", "--yes"), ("site", "rename", "Madiun", "Kota Madiun"),
]


@pytest.mark.parametrize("project_kind", ["empty project", "a file", "missing folder"])
def test_odd_projects_give_one_line_never_an_internal_error(cli, tmp_path: Path,
                                                            project_kind: str) -> None:
    out = tmp_path / "out"
    write(out / "v2.txt", "---\nsite: Madiun\n---\nK1: Iya.\n")
    if project_kind == "empty project":
        project = tmp_path / "empty"
        assert cli("init", project).code == 0
    elif project_kind == "a file":
        project = write(tmp_path / "catatan.txt", "bukan proyek\n")
    else:
        project = tmp_path / "tidak-ada" / "proyek"
    for command in SOURCE_COMMANDS:
        args = [*command[:2], project, *(a.format(out=out) for a in command[2:])]
        result = cli(*args)
        assert "internal error" not in result.err and "Traceback" not in result.err, command
        if command == ("source", "detached") and project_kind == "empty project":
            assert result.code == 0 and result.err == "no detached codings\n"
        else:
            assert result.code == 1, command
            one_line(result.err)


def test_the_placing_worked_out_before_the_write_agrees_with_reanchor() -> None:
    """replace_text compares the texts before the store's write transaction; in it, spans
    that appeared since (another coder's new coding) are worked out afresh."""
    from qualcode.ingest.corrections import _Placer
    from qualcode.ingest.reanchor import reanchor

    old = "satu dua tiga. empat lima enam. tujuh delapan."
    new = "nol. satu dua tiga. empat enam. tujuh delapan sembilan."
    placer = _Placer(old, new, {(0, 14), (15, 31)})
    for spans in ({1: (0, 14), 2: (15, 31)}, {3: (32, 46)}, {4: (0, 14), 5: (32, 46)}):
        assert placer(old, new, spans) == reanchor(old, new, spans), spans
    assert placer(old, new + "!", {1: (0, 14)}) == reanchor(old, new + "!", {1: (0, 14)})
