"""Re-anchoring codings on a new version of a transcript: same words, or detached."""

from __future__ import annotations

from qualcode.ingest.reanchor import reanchor

OLD = ("Pewawancara: Siapa yang menentukan fee?\n"
       "K1: Fee kami ditentukan dari BPJS, kami tidak ikut menentukan.\n"
       "Pewawancara: Kontraknya?\n"
       "K1: Kontraknya satu tahun, diperpanjang berdasarkan evaluasi.\n"
       "Pewawancara: Ada lagi?\n"
       "K1: Kami juga bantu sosialisasi di posyandu.\n")
# a word corrected inside a coded span, sentences inserted, the last paragraph deleted
NEW = ("Pewawancara: Siapa yang menentukan fee, Bu?\n"
       "K1: Fee kami ditetapkan dari BPJS, kami tidak ikut menentukan.\n"
       "Pewawancara: Sebelumnya, sejak kapan jadi kader? Saya ingin tahu.\n"
       "K1: Sejak 2018.\n"
       "Pewawancara: Kontraknya?\n"
       "K1: Kontraknya satu tahun, diperpanjang berdasarkan evaluasi.\n")


def spans_of(text: str, quotes: list[str]) -> dict[int, tuple[int, int]]:
    return {i: (text.index(q), text.index(q) + len(q)) for i, q in enumerate(quotes, start=1)}


def test_same_words_or_detached() -> None:
    spans = spans_of(OLD, ["Fee kami ditentukan dari BPJS", "kami tidak ikut menentukan",
                           "Kontraknya satu tahun, diperpanjang", "bantu sosialisasi di posyandu"])
    placed, detached = reanchor(OLD, NEW, spans)
    assert {i: NEW[p.start:p.end] for i, p in placed.items()} == {
        1: "Fee kami ditetapkan dari BPJS",  # the corrected word inside is taken along
        2: "kami tidak ikut menentukan",
        3: "Kontraknya satu tahun, diperpanjang"}
    assert detached == [4]


def test_unchanged_text_keeps_every_offset() -> None:
    spans = spans_of(OLD, ["Fee kami", "posyandu"])
    placed, detached = reanchor(OLD, OLD, spans)
    assert {i: (p.start, p.end) for i, p in placed.items()} == spans and detached == []


def test_partial_words_keep_their_cut() -> None:
    start = OLD.index("tentukan dari")  # starts inside "ditentukan"
    placed, _ = reanchor(OLD, "Catatan baru.\n" + OLD, {1: (start, start + 13)})
    assert ("Catatan baru.\n" + OLD)[placed[1].start:placed[1].end] == "tentukan dari"


def test_a_moved_paragraph_is_found_by_its_quote_nearest_the_diff() -> None:
    old = "A: satu dua tiga.\nB: empat lima enam.\nC: tujuh delapan.\n"
    new = "C: tujuh delapan.\nB: empat lima enam.\nA: satu dua tiga.\n"
    spans = spans_of(old, ["satu dua tiga", "tujuh delapan"])
    placed, detached = reanchor(old, new, spans)
    assert {i: new[p.start:p.end] for i, p in placed.items()} == {
        1: "satu dua tiga", 2: "tujuh delapan"}
    assert detached == []


def test_a_span_mostly_rewritten_is_detached_not_stretched() -> None:
    old = "K1: kami tidak ikut menentukan besaran fee sama sekali.\n"
    new = "K1: kami tentu saja diajak berembuk soal fee sama sekali.\n"
    start = old.index("kami")
    placed, detached = reanchor(old, new, {1: (start, old.index(" sama"))})
    assert placed == {} and detached == [1]
