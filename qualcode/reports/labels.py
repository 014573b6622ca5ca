"""The words of the Word appendix in English and Indonesian: headings, captions, notes,
column headers and the names of statuses, methods, sectors and groups.

A renderer asks for `LABELS[key][lang]`; values that have no entry (a category id, a custom
method) are printed as they are.
"""

from __future__ import annotations

from qualcode.model import STATUS_ID

LABELS: dict[str, dict[str, str]] = {
    "appendix": {"en": "Appendix", "id": "Lampiran"},
    "subject": {"en": "Qualitative data appendix", "id": "Lampiran data kualitatif"},
    "table": {"en": "Table", "id": "Tabel"},
    "contents": {"en": "Contents", "id": "Daftar Isi"},
    "intro": {
        "en": "Prepared with qualcode from the project “{name}”: {sources} sources and "
              "{codings} codings at {sites} case site(s).",
        "id": "Disusun dengan qualcode dari proyek “{name}”: {sources} sumber data dan "
              "{codings} pengodean di {sites} lokasi penelitian."},
    "reading": {
        "en": "How to read the tables. In a triangulation matrix, “+n / −m” counts n pieces of "
              "evidence for the indicator and m against it; overlapping codings of one passage "
              "count once, and what the researcher says is not evidence. In the excerpt "
              "tables, + marks a passage that supports the indicator and − one that "
              "contradicts it; the position is the line in the transcript and, where given, "
              "its timestamp.",
        "id": "Cara membaca tabel. Dalam matriks triangulasi, “+n / −m” menghitung n bukti yang "
              "mendukung indikator dan m bukti yang membantahnya; pengodean yang tumpang tindih "
              "pada satu bagian teks dihitung sekali, dan ucapan peneliti tidak dihitung sebagai "
              "bukti. Dalam tabel kutipan, + menandai kutipan yang mendukung indikator dan − "
              "kutipan yang membantahnya; posisi adalah baris dalam transkrip dan, bila ada, "
              "penanda waktunya."},
    "anonymised": {
        "en": "Identities are masked. Informants are shown by a pseudonym kept in the project "
              "(by group: key K1, main M1, supporting SP1, triangulation T1, or one the "
              "researcher set), the same in every export, with their sector and group only; "
              "sources are S1, S2, …. Roles, organisations, titles and identifying attributes "
              "are left out. In quotes, memos and rationales, informant labels, declared names, "
              "names after an honorific (“Pak …”, “Bu …”) and the project's listed terms are "
              "replaced; other names are shown as transcribed.",
        "id": "Identitas disamarkan. Informan ditampilkan dengan kode samaran yang tersimpan di "
              "proyek (menurut kelompok: informan kunci IK1, utama IU1, pendukung IP1, "
              "triangulasi IT1, atau kode yang ditetapkan peneliti), sama di setiap ekspor, dan "
              "hanya dengan sektor dan kelompoknya; sumber data diberi kode S1, S2, …. Jabatan, "
              "organisasi, judul sumber dan atribut yang mengenali orang tidak ditampilkan. "
              "Dalam kutipan, memo dan alasan pembacaan, label informan, nama yang dinyatakan, "
              "nama setelah sapaan (“Pak …”, “Bu …”) dan istilah yang didaftarkan proyek "
              "diganti; nama lain ditampilkan sebagaimana ditranskripsikan."},
    "codebook_section": {"en": "Codebook", "id": "Buku Kode"},
    "kind.nominal": {"en": "Nominal framework", "id": "Kerangka nominal"},
    "kind.ordinal": {"en": "Ordinal framework (levels from low to high)",
                     "id": "Kerangka ordinal (tingkatan dari rendah ke tinggi)"},
    "kind.thematic": {"en": "Thematic codebook", "id": "Buku kode tematik"},
    "reference": {"en": "Source: {source}", "id": "Rujukan: {source}"},
    "categories_caption": {"en": "Categories of {name}", "id": "Kategori {name}"},
    "indicators_caption": {"en": "Indicators of {name}", "id": "Indikator {name}"},
    "codes_caption": {"en": "Codes of {name}", "id": "Kode {name}"},
    "include": {"en": "Include: ", "id": "Termasuk: "},
    "exclude": {"en": "Exclude: ", "id": "Tidak termasuk: "},
    "site_section": {"en": "Case site: {site}", "id": "Lokasi penelitian: {site}"},
    "people_heading": {"en": "Informants and sources", "id": "Informan dan sumber data"},
    "informants_caption": {"en": "Informants at {site}", "id": "Informan di {site}"},
    "sources_caption": {"en": "Sources at {site}", "id": "Sumber data di {site}"},
    "summary_heading": {"en": "Verdict summary", "id": "Ringkasan simpulan"},
    "summary_caption": {"en": "Partnership verdicts at {site}",
                        "id": "Simpulan tipe kemitraan di {site}"},
    "summary_note": {
        "en": "Established: for a verdict, the established defining indicators of its "
              "category; otherwise every established indicator. Blocking: the indicators that "
              "keep the site from the next level up (ordinal) or from the runner-up (nominal). "
              "Sensitivity: how many codings (removed or flipped) and sources (removed) would "
              "each on its own change the verdict; robust: none would.",
        "id": "Terpenuhi: untuk simpulan yang ditetapkan, indikator penentu kategorinya yang "
              "terpenuhi; selain itu semua indikator yang terpenuhi. Penghambat: indikator yang "
              "menahan lokasi dari tingkatan berikutnya (ordinal) atau dari kandidat berikutnya "
              "(nominal). Kepekaan: berapa koding (dihapus atau dibalik) dan sumber (dihapus) "
              "yang masing-masing sendirian akan mengubah simpulan; tahan uji: tidak ada."},
    "verdict_line": {"en": "Verdict: {verdict}. Confidence {confidence}; runner-up: {runner}.",
                     "id": "Simpulan: {verdict}. Keyakinan {confidence}; kandidat berikutnya: "
                           "{runner}."},
    "sensitivity_line": {"en": "Sensitivity: {text}.", "id": "Kepekaan: {text}."},
    "sensitivity.robust": {"en": "robust", "id": "tahan uji"},
    "sensitivity.pivotal": {"en": "rests on {codings} coding(s) and {sources} source(s)",
                            "id": "bersandar pada {codings} koding dan {sources} sumber"},
    "reading.true": {"en": "established by the researcher's reading",
                     "id": "terpenuhi menurut pembacaan peneliti"},
    "reading.false": {"en": "not established by the researcher's reading",
                      "id": "tidak terpenuhi menurut pembacaan peneliti"},
    "reading_note": {"en": "Reading of {indicator} ({id}) at {site}: {read}. “{rationale}”{by}",
                     "id": "Pembacaan atas {indicator} di {site}: {read}. "
                           "“{rationale}”{by}"},
    "undecided": {"en": "not decided ({status})", "id": "belum ditetapkan ({status})"},
    "tied": {"en": "tied between {a} and {b}", "id": "seimbang antara {a} dan {b}"},
    "method_matrix": {"en": "Method triangulation matrix", "id": "Matriks triangulasi metode"},
    "informant_matrix": {"en": "Source triangulation matrix (informants)",
                         "id": "Matriks triangulasi sumber (informan)"},
    "matrix_caption": {"en": "{kind}: {name}, {site}", "id": "{kind}: {name}, {site}"},
    "excerpts_heading": {"en": "Coded excerpts by indicator",
                         "id": "Kutipan terkode per indikator"},
    "excerpts_caption": {"en": "Coded excerpts: {name}, {site}",
                         "id": "Kutipan terkode: {name}, {site}"},
    "themes_heading": {"en": "Coded excerpts: {name}", "id": "Kutipan terkode: {name}"},
    "group_row": {"en": "{label} ({id}) — {status}: {s} for, {c} against",
                  "id": "{label} ({id}) — {status}: {s} mendukung, {c} membantah"},
    "theme_row": {"en": "{label} ({id}) — {n} excerpt(s)", "id": "{label} ({id}) — {n} kutipan"},
    "line": {"en": "l. {line}", "id": "baris {line}"},
    "documents": {"en": "(documents and notes)", "id": "(dokumen dan catatan)"},
    "theory_heading": {"en": "Theory triangulation", "id": "Triangulasi teori"},
    "theory_caption": {"en": "Verdicts by framework at {site}",
                       "id": "Simpulan menurut kerangka teori di {site}"},
    "crosswalk_caption": {"en": "Indicators shared by frameworks at {site}",
                          "id": "Indikator yang sama antarkerangka di {site}"},
    "no_crosswalk": {"en": "No indicator is shared by two of the chosen frameworks.",
                     "id": "Tidak ada indikator yang dimiliki bersama oleh dua kerangka yang "
                           "dipilih."},
    "investigator_heading": {"en": "Investigator triangulation", "id": "Triangulasi peneliti"},
    "investigator_caption": {"en": "Verdicts by coder at {site} (each coder's codings alone)",
                             "id": "Simpulan menurut pengode di {site} (pengodean tiap pengode "
                                   "saja)"},
    "comparison_section": {"en": "Cross-site comparison", "id": "Perbandingan antarlokasi"},
    "comparison_caption": {"en": "Verdicts across sites", "id": "Simpulan antarlokasi"},
    "comparison_indicators": {"en": "Indicator status across sites: {name}",
                              "id": "Status indikator antarlokasi: {name}"},
    "differs_note": {"en": "≠ marks a difference between the sites.",
                     "id": "≠ menandai perbedaan antarlokasi."},
    "memos_section": {"en": "Memos", "id": "Memo"},
    "memos_caption": {"en": "Memos", "id": "Memo"},
    "none": {"en": "—", "id": "—"},
    "time_matrix": {"en": "Time triangulation matrix", "id": "Matriks triangulasi waktu"},
    "undated": {"en": "(undated)", "id": "(tanpa tanggal)"},
    "figure": {"en": "Figure", "id": "Gambar"},
    "figures_section": {"en": "Figures", "id": "Gambar"},
    "agreement_section": {"en": "Inter-coder agreement", "id": "Kesepakatan antarpengode"},
    "agreement_intro": {
        "en": "Coders {coders} compared on {sources} source(s), unit by unit ({unit}): percent "
              "agreement, Cohen's kappa (two coders) and Krippendorff's alpha, each with its "
              "95% bootstrap interval.",
        "id": "Pengode {coders} dibandingkan pada {sources} sumber data, unit demi unit ({unit}): "
              "persentase kesepakatan, kappa Cohen (dua pengode) dan alpha Krippendorff, "
              "masing-masing dengan interval bootstrap 95%."},
    "unit.sentence": {"en": "sentences within turns", "id": "kalimat dalam giliran bicara"},
    "unit.turn": {"en": "whole turns", "id": "giliran bicara utuh"},
    "overall": {"en": "Overall", "id": "Keseluruhan"},
    "agreement_caption": {"en": "Inter-coder agreement per code",
                          "id": "Kesepakatan antarpengode per kode"},
    "agreement_note": {
        "en": "Units are the sentences some coder coded; a coder who did not code a source has "
              "no value there. The interval says how far a figure could move on another "
              "sample of similar text; Krippendorff asks alpha ≥ 0.800 for firm conclusions, "
              "≥ 0.667 for tentative ones.",
        "id": "Unit adalah kalimat yang dikodekan oleh salah satu pengode; pengode yang tidak "
              "mengodekan suatu sumber tidak memiliki nilai di sana. Interval menunjukkan "
              "seberapa jauh suatu angka dapat bergeser pada sampel teks serupa yang lain; "
              "Krippendorff mensyaratkan alpha ≥ 0,800 untuk simpulan yang kuat, ≥ 0,667 untuk "
              "simpulan sementara."},
    "transcripts_section": {"en": "Coded transcripts", "id": "Transkrip terkode"},
    "transcripts_note": {
        "en": "Each coded source line by line, numbered as in its file, with the codes of the "
              "codings on each line (+ supports, − contradicts).",
        "id": "Setiap sumber yang dikodekan, baris demi baris, bernomor seperti dalam berkasnya, "
              "dengan kode pada setiap baris (+ mendukung, − membantah)."},
    "transcript_caption": {"en": "Coded transcript: {source}",
                           "id": "Transkrip terkode: {source}"},
    "example.contradicts": {"en": "(contradicts)", "id": "(membantah)"},
    "not_coded": {"en": "Not coded at this site: {names}.",
                  "id": "Tidak dikodekan di lokasi ini: {names}."},
    # the figures' titles, captions and axes (qualcode.reports.figures)
    "figure.verdicts_caption": {"en": "Verdicts across sites: {name}",
                         "id": "Simpulan antarlokasi: {name}"},
    "figure.levels_caption": {"en": "Levels reached across sites: {name} (from low to high)",
                       "id": "Tingkatan yang dicapai antarlokasi: {name} (dari rendah ke "
                             "tinggi)"},
    "figure.evidence_caption": {"en": "Evidence for and against each indicator: {name}, {site}",
                         "id": "Bukti yang mendukung dan membantah tiap indikator: {name}, "
                               "{site}"},
    "figure.informants_caption": {"en": "Evidence by informant and framework at {site}",
                           "id": "Bukti menurut informan dan kerangka di {site}"},
    "figure.level": {"en": "level reached (low → high)", "id": "tingkatan yang dicapai (rendah → "
                                                       "tinggi)"},
    "figure.category": {"en": "verdict", "id": "simpulan"},
    "figure.no_verdict": {"en": "no verdict", "id": "belum ada simpulan"},
    "figure.pieces": {"en": "← against      pieces of evidence      for →",
               "id": "← membantah      jumlah bukti      mendukung →"},
    "figure.supports": {"en": "supports", "id": "mendukung"},
    "figure.contradicts": {"en": "contradicts", "id": "membantah"},
    "figure.heat": {"en": "pieces of evidence from the informant (for + against)",
             "id": "jumlah bukti dari informan (mendukung + membantah)"},
    "figure.indicators": {"en": "{n} indicator(s)", "id": "{n} indikator"},
    # column headers
    "col.category": {"en": "Category", "id": "Kategori"},
    "col.description": {"en": "Description", "id": "Deskripsi"},
    "col.defining": {"en": "Defining indicators", "id": "Indikator penentu"},
    "col.excluding": {"en": "Excluding indicators", "id": "Indikator pengecuali"},
    "col.code": {"en": "Code", "id": "Kode"},
    "col.definition": {"en": "Definition and criteria", "id": "Definisi dan kriteria"},
    "col.examples": {"en": "Examples", "id": "Contoh"},
    "col.informant": {"en": "Informant", "id": "Informan"},
    "col.role": {"en": "Role", "id": "Jabatan"},
    "col.organisation": {"en": "Organisation", "id": "Organisasi"},
    "col.sector": {"en": "Sector", "id": "Sektor"},
    "col.group": {"en": "Group", "id": "Kelompok"},
    "col.source": {"en": "Source", "id": "Sumber"},
    "col.title": {"en": "Title", "id": "Judul"},
    "col.method": {"en": "Method", "id": "Metode"},
    "col.date": {"en": "Date", "id": "Tanggal"},
    "col.informants": {"en": "Informants", "id": "Informan"},
    "col.framework": {"en": "Framework", "id": "Kerangka"},
    "col.verdict": {"en": "Verdict", "id": "Simpulan"},
    "col.confidence": {"en": "Confidence", "id": "Keyakinan"},
    "col.established": {"en": "Established", "id": "Terpenuhi"},
    "col.blocking": {"en": "Blocking", "id": "Penghambat"},
    "col.sensitivity": {"en": "Sensitivity", "id": "Kepekaan"},
    "col.indicator": {"en": "Indicator", "id": "Indikator"},
    "col.status": {"en": "Status", "id": "Status"},
    "col.convergence": {"en": "Convergence", "id": "Konvergensi"},
    "col.quote": {"en": "Quote", "id": "Kutipan"},
    "col.position": {"en": "Position", "id": "Posisi"},
    "col.concept": {"en": "Concept", "id": "Konsep"},
    "col.target": {"en": "About", "id": "Tentang"},
    "col.author": {"en": "Author", "id": "Penulis"},
    "col.memo": {"en": "Memo", "id": "Memo"},
    "col.units": {"en": "Units", "id": "Unit"},
    "col.agreed": {"en": "Agreed", "id": "Sepakat"},
    "col.line": {"en": "Line", "id": "Baris"},
    "col.text": {"en": "Text", "id": "Teks"},
    "col.codes": {"en": "Codes", "id": "Kode"},
    # values
    **{f"status.{k}": {"en": k, "id": v} for k, v in STATUS_ID.items()},
    "verdict.decided": {"en": "decided", "id": "ditetapkan"},
    "verdict.insufficient-evidence": {"en": "insufficient evidence", "id": "bukti belum cukup"},
    "verdict.tied": {"en": "tied", "id": "seimbang"},
    "method.interview": {"en": "interview", "id": "wawancara"},
    "method.fgd": {"en": "FGD", "id": "FGD"},
    "method.observation": {"en": "observation", "id": "observasi"},
    "method.document": {"en": "document", "id": "dokumen"},
    "convergence.agreement": {"en": "agreement", "id": "sepakat"},
    "convergence.partial agreement": {"en": "partial agreement", "id": "sepakat sebagian"},
    "convergence.silence": {"en": "one column only", "id": "hanya satu pihak"},
    "convergence.dissonance": {"en": "dissonance", "id": "disonansi"},
    "convergence.none": {"en": "no evidence", "id": "tanpa bukti"},
    "convergence.single": {"en": "one framework only", "id": "hanya satu kerangka"},
    "sector.health": {"en": "health", "id": "kesehatan"},
    "sector.non-health": {"en": "non-health", "id": "nonkesehatan"},
    "sector.community": {"en": "community", "id": "masyarakat"},
    "group.key": {"en": "key", "id": "kunci"},
    "group.main": {"en": "main", "id": "utama"},
    "group.supporting": {"en": "supporting", "id": "pendukung"},
    "group.triangulation": {"en": "triangulation", "id": "triangulasi"},
    "target.project": {"en": "project", "id": "proyek"},
    "target.site": {"en": "site", "id": "lokasi"},
    "target.source": {"en": "source", "id": "sumber"},
    "target.code": {"en": "code", "id": "kode"},
}
