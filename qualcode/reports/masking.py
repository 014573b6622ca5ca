"""Masking identities in the words an anonymised export prints: quotes, memos, coding memos and
reading rationales (docs/anonymisation.md states the rules for researchers).

A `Masker` knows each informant's pseudonym, labels and declared names, the sources' codes and
the project's extra terms, and finds in a text every span to replace (`masks`), of six kinds:

- **speaker**: the label that opens a turn (given by the caller, from the stored turns) → the
  informant's pseudonym.
- **label**: an informant's label standing alone as a word (case as written; not inside a
  word or a hyphenated compound: `JKN-KIS`, `COVID-19`; `-nya`, `-lah`, `-kah`, `-pun`, `-ku`,
  `-mu` may follow) → the pseudonym; a label of letters only not when a capitalised word
  follows on the same line, which makes it part of a longer name (`BPJS Kesehatan`, `DINKES
  Kabupaten`), while a label with a digit (P1, K2) is a code wherever it stands. A text of a
  site masks that site's labels; a text of no site (a project memo) every site's, a label used
  at several sites becoming `I?`. A label of letters only that the project's sources also use
  as an ordinary word (`ordinary_words`: it stands in a source where nobody with that label
  speaks, as BPJS does in every site's interviews and documents) is masked only where it
  opens a turn.
- **name**: a declared name or alias of an informant (`names:` in the front matter, the
  `names` column of the informants sheet), as written or in capitals, whole words, with up to
  two more capitalised name words after it (a surname) → the pseudonym.
- **honorific**: Pak, Bu, Bapak, Ibu, Mas, Mbak (or in lower case), Bpk., dr., Dr., Hj., H.,
  Mr., Mrs., Ms. followed by a name: up to three capitalised words (Sri, Nur'aini: a capital
  then small letters), stopping at a word that is no name (a role such as Kades or Sekda, an
  institution such as Puskesmas, a day, a pronoun, another honorific: `NOT_NAMES`) → the
  honorific as written and the pseudonym of the informant whose declared name it is ("Bu
  IK1"), or `[nama]` (`[name]` in English) when it is nobody's declared name or several
  people's. "H." is an initial, not Haji, after a comma or before a year ("Santoso, H.
  (2019)", "H. Santoso (2019)").
- **term**: a term of the project's `anonymise: terms:` setting (any case, whole words) → its
  replacement.
- **source**: a source's name (a memo's "see lor-fgd") → its code (S1), unless the name is
  one word of letters only (`observasi`), which may be an ordinary word.

Where spans overlap, the one starting first wins, then the longest, then the kind in the order
above; the text is rewritten in one pass, so a replacement is never replaced again. Who a name
belongs to is looked up among the informants of the text's site first, then the project's.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

UNKNOWN = {"id": "[nama]", "en": "[name]"}
AMBIGUOUS = "I?"  # a label of several sites, in a text of no site
HONORIFIC_WORDS = ("Bapak", "Ibu", "Pak", "Bu", "Mas", "Mbak")
HONORIFIC_SHORT = ("Bpk.", "dr.", "Dr.", "Hj.", "H.", "Mr.", "Mrs.", "Ms.")
# Capitalised words that follow an honorific without being a name.
NOT_NAMES = frozenset("""
    Bapak Ibu Pak Bu Mas Mbak Adik Kakak Saudara Saudari Haji Hajjah
    Kades Kadus Kadis Kabid Kasi Kasie Kasubag Kabag Kapus Kapuskes Kakanwil Kacab Kadinkes
    Camat Lurah Bupati Walikota Gubernur Sekda Sekdes Sekcam Sekretaris Wakil Kepala Ketua
    Direktur Manajer Manager Koordinator Staf Staff Petugas Pegawai Kader Bidan Dokter Perawat
    Mantri Guru Dosen Ustadz Ustad Kyai Kiai Dukun Ketua Bendahara Anggota Pengurus Tim
    Puskesmas Pustu Posyandu Polindes Poskesdes Klinik Rumah Sakit Dinas Badan Kantor Kementerian
    Desa Kelurahan Kecamatan Kabupaten Kota Provinsi Dusun Cabang Unit Bagian Bidang Seksi
    Senin Selasa Rabu Kamis Jumat Sabtu Minggu Januari Februari Maret April Mei Juni Juli
    Agustus September Oktober November Desember
    Saya Aku Kami Kita Anda Dia Beliau Mereka Ini Itu Yang Dan Atau Tapi Tetapi Jadi Iya Ya
    Tidak Nggak Sudah Belum Juga Sama Terima Selamat Mohon Maaf Tolong Kalau Kalo Waktu
    The And Or But This That Yes No Thank Thanks Sorry
""".split())
_ENCLITIC = re.compile(r"-(?:nya|lah|kah|pun|ku|mu)(?!\w)")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]{2,})?")
_GAP = re.compile(r"[ \t]+")
_CITED = re.compile(r"[ \t]*(?:[,(][ \t]*\(?\d{4}|et al)")
_HONORIFIC = re.compile(
    r"(?<![\w.])(?:(?P<word>" + "|".join(HONORIFIC_WORDS + tuple(h.lower() for h in
                                                                   HONORIFIC_WORDS))
    + r")[ \t]+|(?P<short>" + "|".join(re.escape(h) for h in HONORIFIC_SHORT) + r")[ \t]*)")
KINDS = ("speaker", "honorific", "name", "term", "source", "label")


@dataclass(frozen=True)
class Mask:
    """One replacement in a text: `text[start:end]` (`original`) is shown as `shown`."""

    start: int
    end: int
    original: str
    shown: str
    kind: str  # speaker | honorific | name | term | source | label (KINDS)


@dataclass(frozen=True)
class Person:
    """An informant as masking knows them: site, label, pseudonym and declared names."""

    site: str
    label: str
    code: str
    names: tuple[str, ...] = ()


def strip_honorific(name: str) -> str:
    """A declared name without the honorifics it starts with ("Bu Sri" → "Sri")."""
    words = name.split()
    while len(words) > 1 and (words[0] in HONORIFIC_WORDS or words[0].title() in HONORIFIC_WORDS
                              or words[0] in HONORIFIC_SHORT):
        words.pop(0)
    return " ".join(words)


def is_name_word(word: str) -> bool:
    """A word a name is made of: a capital then a small letter (Sri, McDonald, Nur'aini), not
    a word that follows honorifics without being a name (NOT_NAMES)."""
    return (len(word) >= 2 and word[0].isupper() and word[1].islower()
            and word not in NOT_NAMES)


class Masker:
    """What to mask in a project's texts (see the module docstring); `lang` sets `[nama]`."""

    def __init__(self, people: Iterable[Person], sources: Mapping[str, str] | None = None,
                 terms: Mapping[str, str] | None = None, lang: str = "en",
                 words: Iterable[str] = ()) -> None:
        self.people = list(people)
        self.sources = dict(sources or {})
        self.terms = dict(terms or {})
        self.lang = lang
        self.words = frozenset(words)  # labels that are ordinary words (`ordinary_words`)
        self._labels: dict[str | None, dict[str, str]] = {}
        self._label_res: dict[str | None, re.Pattern | None] = {}

    # ----------------------------------------------------------------- what is known

    def labels(self, site: str | None) -> dict[str, str]:
        """Label → pseudonym for a text of `site` (None: of the project)."""
        if site not in self._labels:
            if site is None:
                codes: dict[str, str] = {}
                for p in self.people:
                    codes[p.label] = AMBIGUOUS if codes.get(p.label, p.code) != p.code \
                        else p.code
            else:
                codes = {p.label: p.code for p in self.people if p.site == site}
            self._labels[site] = codes
        return self._labels[site]

    @cached_property
    def _names(self) -> dict[str, list[Person]]:
        """Every declared name (honorific stripped, as written and in capitals) → whose."""
        out: dict[str, list[Person]] = {}
        for p in self.people:
            for name in self._declared(p):
                for form in dict.fromkeys((name, name.upper())):
                    out.setdefault(form, []).append(p)
        return out

    @cached_property
    def _words(self) -> dict[str, list[Person]]:
        """Each word of a declared name → whose, for "Bu Wahyuni" when "Sri Wahyuni" is
        declared."""
        out: dict[str, list[Person]] = {}
        for p in self.people:
            for word in dict.fromkeys(w for n in self._declared(p) for w in n.split()):
                if is_name_word(word):
                    out.setdefault(word, []).append(p)
        return out

    @staticmethod
    def _declared(p: Person) -> list[str]:
        """A person's names as masking matches them: the declared ones without honorifics,
        and the label when it is a name with an honorific (a label such as `Bu Sari`)."""
        names = [strip_honorific(n) for n in p.names]
        if len(p.label.split()) > 1 and strip_honorific(p.label) != p.label:
            names.append(strip_honorific(p.label))
        return [n for n in dict.fromkeys(names) if n]

    def _whose(self, found: list[Person], site: str | None) -> str | None:
        """The pseudonym of the one person among `found` (at `site` first), or None."""
        codes = {p.code for p in found}
        if len(codes) == 1:
            return codes.pop()
        here = {p.code for p in found if p.site == site}
        return here.pop() if len(here) == 1 else None

    @cached_property
    def _name_pattern(self) -> re.Pattern | None:
        return _alternation(self._names)

    @cached_property
    def _term_pattern(self) -> re.Pattern | None:
        return _alternation(self.terms, re.IGNORECASE)

    @cached_property
    def _term_shown(self) -> dict[str, str]:
        return {term.casefold(): shown for term, shown in self.terms.items()}

    @cached_property
    def _source_pattern(self) -> re.Pattern | None:
        """Source names that are no ordinary word: with a digit, '-', '_' or '.' in them."""
        names = [s for s in self.sources if not s.isalpha()]
        if not names:
            return None
        return re.compile(r"(?<![\w-])(?:" + "|".join(
            re.escape(s) for s in sorted(names, key=len, reverse=True)) + r")(?![\w-])")

    # ----------------------------------------------------------------- finding

    def mask(self, text: str, site: str | None,
             speakers: Iterable[tuple[int, int]] = ()) -> str:
        return apply(text, self.masks(text, site, speakers))

    def masks(self, text: str, site: str | None,
              speakers: Iterable[tuple[int, int]] = ()) -> list[Mask]:
        """Every replacement in `text` (of `site`; None: the project's), in text order;
        `speakers` are the (start, end) of the labels that open turns."""
        labels = self.labels(site)
        found: list[Mask] = []
        for start, end in speakers:
            label = text[start:end]
            found.append(Mask(start, end, label, labels.get(label, AMBIGUOUS), "speaker"))
        terms = self._terms(text)
        starts = {m.start for m in terms}
        found += terms
        found += self._honorifics(text, site, starts)
        found += self._declared_names(text, site, starts)
        found += self._labels_in(text, site)
        rank = {kind: i for i, kind in enumerate(KINDS)}
        found.sort(key=lambda m: (m.start, m.start - m.end, rank[m.kind]))
        chosen: list[Mask] = []
        end = 0
        for m in found:
            if m.start >= end:
                chosen.append(m)
                end = m.end
        return chosen

    def _terms(self, text: str) -> list[Mask]:
        out = []
        if self._term_pattern is not None:
            out += [Mask(m.start(), m.end(), m[0], self._term_shown[m[0].casefold()], "term")
                    for m in self._term_pattern.finditer(text)]
        if self._source_pattern is not None:
            out += [Mask(m.start(), m.end(), m[0], self.sources[m[0]], "source")
                    for m in self._source_pattern.finditer(text)]
        return out

    def _name_words(self, text: str, pos: int, starts: set[int], most: int) -> list[re.Match]:
        """The name words from `pos` on (up to `most`), one space or tab apart."""
        words: list[re.Match] = []
        while len(words) < most:
            m = _WORD.match(text, pos)
            if m is None or not is_name_word(m[0]) or m.start() in starts:
                break
            words.append(m)
            gap = _GAP.match(text, m.end())
            if gap is None:
                break
            pos = gap.end()
        return words

    def _honorifics(self, text: str, site: str | None, starts: set[int]) -> list[Mask]:
        out = []
        for h in _HONORIFIC.finditer(text):
            words = self._name_words(text, h.end(), starts, 3)
            if not words:
                continue
            honorific = h["word"] or h["short"]
            end = words[-1].end()
            if honorific == "H." and (re.search(r",[ \t]*$", text[max(0, h.start() - 3):
                                                                   h.start()])
                                      or _CITED.match(text, end)):
                continue
            code = self._person_of([w[0] for w in words], site)
            shown = f"{honorific} {code or UNKNOWN.get(self.lang, UNKNOWN['en'])}"
            out.append(Mask(h.start(), end, text[h.start():end], shown, "honorific"))
        return out

    def _person_of(self, words: list[str], site: str | None) -> str | None:
        """Whose name `words` are: the longest run from the first word that is a declared
        name, else one word that is a word of exactly one person's declared names."""
        for n in range(len(words), 0, -1):
            found = self._names.get(" ".join(words[:n]))
            if found:
                return self._whose(found, site)
        for word in words:
            found = self._words.get(word)
            if found:
                code = self._whose(found, site)
                if code:
                    return code
        return None

    def _declared_names(self, text: str, site: str | None, starts: set[int]) -> list[Mask]:
        if self._name_pattern is None:
            return []
        out = []
        for m in self._name_pattern.finditer(text):
            code = self._whose(self._names[m[0]], site)
            end = m.end()
            gap = _GAP.match(text, end)
            if gap is not None:  # a surname after a declared first name goes with it
                more = self._name_words(text, gap.end(), starts, 3 - len(m[0].split()))
                end = more[-1].end() if more else end
            out.append(Mask(m.start(), end, text[m.start():end],
                            code or UNKNOWN.get(self.lang, UNKNOWN["en"]), "name"))
        return out

    def _labels_in(self, text: str, site: str | None) -> list[Mask]:
        labels = self.labels(site)
        if site not in self._label_res:
            masked = sorted((x for x in labels if x not in self.words), key=len, reverse=True)
            self._label_res[site] = re.compile(
                r"(?<![\w-])(?:" + "|".join(map(re.escape, masked)) + r")(?!\w)"
            ) if masked else None
        pattern = self._label_res[site]
        if pattern is None:
            return []
        out = []
        for m in pattern.finditer(text):
            after = m.end()
            if text.startswith("-", after) and not _ENCLITIC.match(text, after):
                continue  # part of a compound: COVID-19, BPJS-Kesehatan
            gap = _GAP.match(text, after)
            if (gap is not None and gap.end() < len(text) and text[gap.end()].isupper()
                    and not any(c.isdigit() for c in m[0])):
                continue  # part of a longer name: BPJS Kesehatan (P1 is a code, always)
            out.append(Mask(m.start(), after, m[0], labels[m[0]], "label"))
        return out


def ordinary_words(labels: Iterable[str], sources: Iterable[tuple[str, Iterable[str]]]
                   ) -> set[str]:
    """The labels of letters only that stand as a whole word in a source (text, its speakers'
    labels) where nobody with that label speaks: words of the study (BPJS, Dinkes), not
    speakers' codes."""
    candidates = [x for x in labels if not any(c.isdigit() for c in x)]
    pattern = _alternation(candidates)
    found: set[str] = set()
    if pattern is None:
        return found
    for text, speakers in sources:
        speaking = set(speakers)
        found.update(m[0] for m in pattern.finditer(text) if m[0] not in speaking)
    return found


def _alternation(words: Iterable[str], flags: int = 0) -> re.Pattern | None:
    listed = sorted(words, key=len, reverse=True)
    if not listed:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, listed)) + r")(?!\w)", flags)


def apply(text: str, masks: Iterable[Mask]) -> str:
    """`text` with every mask (in text order, none overlapping) replaced."""
    parts, pos = [], 0
    for m in masks:
        parts += [text[pos:m.start], m.shown]
        pos = m.end
    parts.append(text[pos:])
    return "".join(parts)


def clip(text: str, masks: Sequence[Mask], start: int, end: int,
         ends: Sequence[int] | None = None) -> str:
    """`text[start:end]` with the masks that touch it replaced; a mask that runs over either
    end is shown whole, so a quote cut inside a name never shows part of it. `masks` are in
    text order (as `Masker.masks` gives them); `ends`, their ends, saves finding them again."""
    ends = [m.end for m in masks] if ends is None else ends
    parts, pos = [], start
    for i in range(bisect_right(ends, start), len(masks)):
        m = masks[i]
        if m.start >= end:
            break
        parts += [text[pos:max(m.start, start)], m.shown]
        pos = m.end
    if pos < end:
        parts.append(text[pos:end])
    return "".join(parts)
