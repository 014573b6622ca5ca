"""The figures (`qualcode figures`, qualcode.reports.figures): what each plots is the report
model's (verdicts, evidence, informants), drawn as valid PNG and SVG at the page's size, in the
report's language, anonymised when asked, the same bytes for the same report; written whole
or not at all; bad input is one line and nothing written."""

from __future__ import annotations

import importlib
import io
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT, snapshot_db
from PIL import Image

import qualcode.textfile
from qualcode.cli import figures as figures_cli
from qualcode.errors import QualcodeError
from qualcode.reports import figures as fig
from qualcode.reports.build import build_report
from qualcode.reports.labels import LABELS
from qualcode.reports.model import Matrix, MatrixCell, MatrixColumn, MatrixRow, Person, Report
from qualcode.store.project import Project

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def sample_copy(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("figures") / "sample"
    shutil.copytree(sample_dir, copy)
    return copy


def _report(path: Path, **kwargs) -> Report:
    project = Project.open(path)
    try:
        return build_report(project, **kwargs)
    finally:
        project.close()


@pytest.fixture(scope="module")
def indonesian(sample_copy: Path) -> Report:
    return _report(sample_copy, lang="id")


@pytest.fixture(scope="module")
def english(sample_copy: Path) -> Report:
    return _report(sample_copy)


@pytest.fixture(scope="module")
def anonymised(sample_copy: Path) -> Report:
    return _report(sample_copy, anonymise=True)


@pytest.fixture
def cli(cli, monkeypatch):
    """The command line with `figures` registered (as qualcode.cli.main will register it)."""
    main = importlib.import_module("qualcode.cli.main")
    if figures_cli.register not in main._TOPICS:
        monkeypatch.setattr(main, "_TOPICS", (*main._TOPICS, figures_cli.register))
    return cli


def book(report: Report, framework: str):
    return next(b for b in report.books if b.id == framework)


def svg_texts(data: bytes) -> list[str]:
    """Every text of an SVG (text stays text: svg.fonttype 'none'), one per drawn line."""
    root = ET.fromstring(data)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


# ---------------------------------------------------------------------- what is plotted

def test_verdict_data_is_the_models(indonesian: Report) -> None:
    heideneim = fig.verdict_data(indonesian, book(indonesian, "heideneim"))
    assert heideneim.ordinal
    assert heideneim.categories == ("network", "alliance", "partnership", "coalition",
                                    "full-collaboration")
    assert heideneim.names[2] == "Kemitraan (partnership)"  # the codebook's name[id]
    at = {r.site: (r.status, r.at) for r in heideneim.rows}
    assert at == {"Banyuasin": ("insufficient-evidence", ()),
                  "Kotawaringin Timur": ("decided", ("alliance",)),
                  "Madiun": ("decided", ("partnership",))}
    org = fig.verdict_data(indonesian, book(indonesian, "sulistiyani-org"))
    assert not org.ordinal
    assert {r.site: r.at for r in org.rows}["Madiun"] == ("subordinate-union",)
    for framework in indonesian.frameworks:  # every site of every framework, as judged
        rows = {r.site: r for r in fig.verdict_data(indonesian, framework).rows}
        assert list(rows) == list(indonesian.sites)
        for section in indonesian.site_sections:
            v = next(f.judgement for f in section.frameworks if f.book.id == framework.id)
            row = rows[section.site]
            assert (row.status, row.confidence) == (v.status, v.confidence)
            assert row.at == ((v.verdict,) if v.verdict else v.tied)


def test_evidence_bars_are_the_indicators(indonesian: Report) -> None:
    drawn = {f.name: f for f in fig.figures(indonesian)}
    checked = 0
    for section in indonesian.site_sections:
        for framework in section.frameworks:
            name = f"evidence-{fig.slug(section.site)}-{framework.book.id}"
            if not framework.has_evidence:
                assert name not in drawn
                continue
            data = fig.evidence_data(indonesian, section.site, framework)
            assert [(b.code, b.supports, b.contradicts) for b in data.bars] == [
                (i.code, i.supports, i.contradicts) for i in framework.indicators]
            assert [b.label for b in data.bars] == [
                framework.book.code(i.code).label["id"] for i in framework.indicators]
            # the bars drawn: supports to the right, contradicts to the left, top to bottom
            ax = drawn[name].draw().axes[0]
            n = len(data.bars)
            bars = ax.patches
            assert len(bars) == 2 * n
            assert [b.get_width() for b in bars[:n]] == [i.supports for i in framework.indicators]
            assert [b.get_width() for b in bars[n:]] == [-i.contradicts
                                                         for i in framework.indicators]
            assert [round(b.get_y() + b.get_height() / 2) for b in bars[:n]] == list(
                range(n - 1, -1, -1))
            checked += 1
    assert checked == 5
    madiun = drawn["evidence-madiun-heideneim"].data
    assert {b.code: (b.supports, b.contradicts, b.status) for b in madiun.bars}[
        "heideneim/joint-budget"] == (0, 5, "terbantah")


def test_informant_coverage_is_the_matrix(indonesian: Report, anonymised: Report) -> None:
    for report in (indonesian, anonymised):
        madiun = next(s for s in report.site_sections if s.site == "Madiun")
        data = fig.coverage_data(report, madiun)
        used = [f for f in madiun.frameworks if f.has_evidence]
        assert data.frameworks == tuple(f.book.id for f in used)
        people = [p.name for p in madiun.people]  # every informant, a silent one too
        assert list(data.informants[:len(people)]) == people
        for k, f in enumerate(used):
            m = f.matrices["informant"]
            for j, column in enumerate(m.columns):
                row = data.informants.index(
                    LABELS["documents"][report.lang] if column.documents else column.name)
                assert data.supports[row][k] == sum(r.cells[j].supports for r in m.rows)
                assert data.contradicts[row][k] == sum(r.cells[j].contradicts for r in m.rows)
    banyuasin = next(s for s in indonesian.site_sections if s.site == "Banyuasin")
    data = fig.coverage_data(indonesian, banyuasin)
    assert data.frameworks == ("vcoss",)
    silent = data.informants.index("KASI-KES")
    assert (data.supports[silent], data.contradicts[silent], data.indicators[silent]) == (
        (0,), (0,), 0)
    assert data.groups[data.informants.index("KUP")] == "kunci"
    assert data.indicators[data.informants.index("KUP")] == 9


# ---------------------------------------------------------------------- the files

def test_figures_are_png_and_svg_at_their_size(indonesian: Report) -> None:
    drawn = fig.figures(indonesian)
    assert [f.name for f in drawn] == [
        "verdicts-heideneim", "verdicts-sulistiyani-bio", "verdicts-sulistiyani-org",
        "verdicts-vcoss", "evidence-banyuasin-vcoss", "informants-banyuasin",
        "evidence-kotawaringin-timur-heideneim", "evidence-kotawaringin-timur-vcoss",
        "informants-kotawaringin-timur", "evidence-madiun-heideneim",
        "evidence-madiun-sulistiyani-org", "informants-madiun"]
    for f in drawn:
        image = Image.open(io.BytesIO(f.png))
        assert image.format == "PNG"
        px = (round(f.width_cm / 2.54 * fig.DPI), round(f.height_cm / 2.54 * fig.DPI))
        assert abs(image.size[0] - px[0]) <= 1 and abs(image.size[1] - px[1]) <= 1
        assert round(image.info["dpi"][0]) == 200
        assert f.width_cm <= fig.PORTRAIT_CM and not f.landscape
        assert f.height_cm <= fig.MAX_HEIGHT_CM[False]
        root = ET.fromstring(f.svg())
        assert root.tag == f"{SVG}svg"
        assert not re.match(r"(Gambar|Figure) \d", f.caption)  # Word numbers them
    captions = [f.caption for f in drawn]
    assert captions[0] == ("Tingkatan yang dicapai antarlokasi: Tingkatan kemitraan menurut "
                           "Heideneim (dari rendah ke tinggi)")
    assert captions[2].startswith("Simpulan antarlokasi: ")
    assert captions[-1] == "Bukti menurut informan dan kerangka di Madiun"
    texts = svg_texts(drawn[0].svg())
    assert {"Madiun", "Banyuasin", "belum ada", "simpulan", "ditetapkan"} <= set(texts)


def test_english_words(english: Report) -> None:
    drawn = {f.name: f for f in fig.figures(english)}
    assert drawn["informants-madiun"].caption == "Evidence by informant and framework at Madiun"
    texts = svg_texts(drawn["evidence-madiun-heideneim"].svg())
    assert {"Joint budget", "refuted", "supports", "contradicts"} <= set(texts)
    verdicts = svg_texts(drawn["verdicts-heideneim"].svg())
    assert {"Partnership", "decided", "insufficient evidence", "0.71"} <= set(verdicts)


def test_anonymised_figures_name_no_informant(english: Report, anonymised: Report) -> None:
    real = {p.name for s in english.site_sections for p in s.people}
    real |= {r.informant for r in english.informant_rows}
    private = {x for r in english.informant_rows for x in (r.role, r.organisation) if x}
    pseudonyms = {p.name for s in anonymised.site_sections for p in s.people}
    assert real and private and pseudonyms
    texts: list[str] = []
    for f in fig.figures(anonymised):
        these = svg_texts(f.svg())
        texts += these
        if f.name.startswith("informants-"):  # a site's own labels, never its pseudonyms
            site = f.data.site
            own = {p.name for s in english.site_sections if s.site == site for p in s.people}
            shown = {p.name for s in anonymised.site_sections if s.site == site
                     for p in s.people}
            assert shown <= set(these)
            assert not (own - shown) & set(these)
    joined = "\n".join(texts)
    for label in real - pseudonyms:
        assert label not in texts
        if len(label) >= 4:
            assert label not in joined, label
    for word in private:
        assert word not in joined, word


def test_same_report_same_bytes(sample_copy: Path, indonesian: Report) -> None:
    def one_of_each(report: Report) -> list[fig.Figure]:
        drawn = {f.name: f for f in fig.figures(report)}
        return [drawn[n] for n in ("verdicts-heideneim", "evidence-madiun-heideneim",
                                   "informants-kotawaringin-timur")]

    for a, b in zip(one_of_each(indonesian), one_of_each(_report(sample_copy, lang="id")),
                    strict=True):
        assert a.png == b.png
        assert a.svg() == b.svg()
    first = fig.figures(indonesian)[0].svg()
    assert b"<dc:date>" not in first and b"Matplotlib v" not in first


def test_matplotlib_is_imported_only_to_draw() -> None:
    code = ("import sys\nimport qualcode.reports.figures, qualcode.cli.figures\n"
            "print(','.join(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('matplotlib', 'numpy', 'PIL'))))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    assert result.stdout.strip() == ""


# ---------------------------------------------------------------------- hard cases

def crowded(report: Report) -> Report:
    """Long site names, 30 informants with long names at one site, a tied verdict."""
    sections = []
    for k, s in enumerate(report.site_sections):
        name = f"Kabupaten Kotawaringin Timur, Kecamatan Mentawa Baru Ketapang {k}"
        frameworks = list(s.frameworks)
        if k == 0:
            j = frameworks[0].judgement
            frameworks[0] = replace(frameworks[0], judgement=replace(
                j, status="tied", verdict=None, tied=("alliance", "coalition")))
        if k == 2:
            people = tuple(Person(f"Informan dengan nama yang panjang sekali nomor {i}", "",
                                  "", "health", "key") for i in range(30))
            columns = tuple(MatrixColumn(p.name, p.name, "") for p in people)
            frameworks = [replace(f, matrices={**f.matrices, "informant": Matrix(
                "informant", columns, tuple(MatrixRow(r.code, tuple(
                    MatrixCell(i % 3, i % 2, "") for i in range(30)), r.status, r.convergence)
                    for r in f.matrices["informant"].rows))}) for f in frameworks]
            s = replace(s, people=people)
        sections.append(replace(s, site=name, frameworks=tuple(frameworks)))
    sections = [replace(x, site=f"{x.site} {n}") for n in range(8) for x in sections]
    return replace(report, site_sections=tuple(sections), sites=tuple(x.site for x in sections))


def test_long_names_and_many_informants(indonesian: Report) -> None:
    report = crowded(indonesian)
    drawn = fig.figures(report)
    names = [f.name for f in drawn]
    assert len(set(names)) == len(names)  # sites whose slugs clash get numbers
    tied = fig.verdict_data(report, book(report, "heideneim")).rows[0]
    assert (tied.status, tied.at) == ("tied", ("alliance", "coalition"))
    verdicts = drawn[0]
    assert len(verdicts.data.rows) == 24 and verdicts.font_pt < fig.SIZE
    crowd = next(f for f in drawn if f.name.startswith("informants-") and
                 len(f.data.informants) >= 30)
    for f in (verdicts, crowd):
        assert f.height_cm <= fig.MAX_HEIGHT_CM[f.landscape]
        image = Image.open(io.BytesIO(f.png))
        assert image.size[1] <= fig.MAX_HEIGHT_CM[f.landscape] / 2.54 * fig.DPI + 1
        for text in svg_texts(f.svg()):  # wrapped or cut, never one long line
            assert not text.startswith(("Kabupaten", "Informan")) or len(text) <= 45, text


def test_wrap() -> None:
    assert fig.wrap("Kabupaten Kotawaringin Timur", 12, 3) == "Kabupaten\nKotawaringin\nTimur"
    cut = fig.wrap("satu dua tiga empat lima enam tujuh delapan", 10, 2)
    assert cut.count("\n") == 1 and cut.endswith("…")
    assert fig.slug("Kotawaringin Timur (Sampit) — Kec. Baamang") == (
        "kotawaringin-timur-sampit-kec-baamang")
    long = fig.slug("Kabupaten Kotawaringin Timur Kecamatan Mentawa Baru Ketapang 07")
    assert len(long) <= 48 and long.startswith("kabupaten-") and long.endswith("-07")


# ---------------------------------------------------------------------- writing

def test_write_figures_replaces_its_own_folder(indonesian: Report, tmp_path: Path) -> None:
    out = tmp_path / "gambar"
    written = fig.write_figures(indonesian, out, formats=("svg",))
    assert [p.name for p in written][:2] == ["01-verdicts-heideneim.svg",
                                             "02-verdicts-sulistiyani-bio.svg"]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)
    (out / "99-old-figure.png").write_bytes(b"stale")  # as an earlier run left it
    (out / ".DS_Store").write_bytes(b"")
    madiun = replace(indonesian, site_sections=indonesian.site_sections[2:],
                     sites=indonesian.sites[2:])
    again = fig.write_figures(madiun, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in again)
    assert len(again) == 2 * 7
    assert sorted(tmp_path.iterdir()) == [out]  # no staging folder left


def test_write_figures_refuses_other_files(indonesian: Report, tmp_path: Path) -> None:
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "bab-4.docx").write_bytes(b"chapter")
    with pytest.raises(QualcodeError, match=r"holds bab-4.docx, not a figure this command "):
        fig.write_figures(indonesian, out)
    assert [p.name for p in out.iterdir()] == ["bab-4.docx"]
    with pytest.raises(QualcodeError, match="no figure format 'pdf'"):
        fig.write_figures(indonesian, tmp_path / "new", formats=("pdf",))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis"]


def test_a_failed_run_leaves_the_old_folder(indonesian: Report, tmp_path: Path,
                                            monkeypatch) -> None:
    out = tmp_path / "gambar"
    fig.write_figures(indonesian, out, formats=("svg",))
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    calls = []
    write = qualcode.textfile._write_file

    def failing(path: Path, content: bytes) -> None:  # the disk fills up at the fifth file
        calls.append(path)
        if len(calls) == 5:
            raise OSError(28, "No space left on device")
        write(path, content)

    monkeypatch.setattr(qualcode.textfile, "_write_file", failing)
    with pytest.raises(QualcodeError, match="cannot write .No space left on device."):
        fig.write_figures(indonesian, out, formats=("svg",))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(tmp_path.iterdir()) == [out]


# ---------------------------------------------------------------------- the command

def test_cli_writes_the_figures(cli, sample: Project, tmp_path: Path) -> None:
    out = tmp_path / "gambar"
    result = cli("figures", sample.path, out, "--lang", "id", "--site", "Madiun",
                 "--framework", "heideneim", "--anonymise", "--format", "png")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [str(out / "01-verdicts-heideneim.png"),
                                       str(out / "02-evidence-madiun-heideneim.png"),
                                       str(out / "03-informants-madiun.png")]
    assert result.err.strip() == f"wrote 3 figures (3 files) to {out}"
    for path in out.iterdir():
        assert Image.open(path).format == "PNG"


@pytest.mark.parametrize(("args", "message"), [
    (["{out}", "--site", "Jember"],
     "qualcode: no site 'Jember' in {project} (have: Banyuasin, Kotawaringin Timur, Madiun)"),
    (["{out}", "--framework", "hogue"],
     "qualcode: no codebook 'hogue' in {project} (have: heideneim, sulistiyani-bio, "
     "sulistiyani-org, vcoss, dimensions, factors, uhc-themes)"),
    (["{out}", "--framework", "uhc-themes"],
     "qualcode: no figures to draw: choose at least one framework (ordinal or nominal); "
     "thematic codebooks have no verdicts"),
    (["{tmp}/missing/out"], "qualcode: {tmp}/missing/out: cannot write (no directory "
                            "{tmp}/missing)"),
    (["{project}/figures"], "qualcode: {project}/figures: inside the project folder "
                            "{project}; write exports elsewhere"),
    (["-"], "qualcode: -: a folder of files cannot go to stdout; give a folder"),
    (["{tmp}/thesis"], "qualcode: {tmp}/thesis: holds bab-4.docx, not a figure this command "
                       "wrote; the export replaces the whole folder, so choose a new or empty "
                       "one"),
])
def test_cli_bad_input(cli, sample: Project, tmp_path: Path, args: list[str],
                       message: str) -> None:
    work = tmp_path / "work"
    (work / "thesis").mkdir(parents=True)
    (work / "thesis" / "bab-4.docx").write_bytes(b"chapter")
    before = snapshot_db(sample)
    fill = {"tmp": str(work), "out": str(work / "out"), "project": str(sample.path)}
    result = cli("figures", sample.path, *[a.format(**fill) for a in args])
    assert result.code == 1
    assert result.out == ""
    assert result.err.strip() == message.format(**fill)
    assert sorted(p.name for p in work.iterdir()) == ["thesis"]
    assert [p.name for p in (work / "thesis").iterdir()] == ["bab-4.docx"]
    assert not (sample.path / "figures").exists()
    assert snapshot_db(sample) == before
