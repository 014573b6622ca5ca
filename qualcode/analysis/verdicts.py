"""Partnership verdicts per (site, framework), by the framework's kind, under the rules stated
in qualcode.analysis.rules (a category is reached when ...; ordinal: the highest reached level
weighed against looseness; nominal: the best reached category unless tied)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from qualcode.analysis.evidence import EvidenceBase, IndicatorEvidence
from qualcode.analysis.rules import thresholds_for
from qualcode.model import STATUS_ID, Category, Codebook, decimal, written_date


@dataclass
class Level:
    """How far one category of a framework is evidenced at a site (its figures computed once:
    the sensitivity judges thousands of levels)."""

    category: Category
    evidence: list[IndicatorEvidence]  # the defining indicators, in order
    excluded_by: list[IndicatorEvidence]
    thresholds: dict[str, float]

    @property
    def id(self) -> str:
        return self.category.id

    @cached_property
    def score(self) -> float:
        return sum(e.score for e in self.evidence) / len(self.evidence)

    @cached_property
    def established(self) -> list[IndicatorEvidence]:
        return [e for e in self.evidence if e.established]

    @cached_property
    def missing(self) -> list[IndicatorEvidence]:
        return [e for e in self.evidence if not e.established]

    @cached_property
    def lacking(self) -> list[IndicatorEvidence]:
        """Defining indicators with no supporting evidence at all (absent or refuted) that no
        reading establishes."""
        return [e for e in self.evidence if e.s == 0 and not e.established]

    @cached_property
    def established_share(self) -> float:
        return len(self.established) / len(self.evidence)

    @cached_property
    def triangulated_share(self) -> float:
        return sum(e.triangulated for e in self.evidence) / len(self.evidence)

    @cached_property
    def has_support(self) -> bool:
        """Some defining indicator has supporting evidence or is established by a reading."""
        return any(e.s > 0 or e.established for e in self.evidence)

    @cached_property
    def reached(self) -> bool:
        return (not self.lacking and not self.excluded_by
                and self.established_share >= self.thresholds["min_share_established"]
                and self.triangulated_share >= self.thresholds["min_share_confirmed"])

    def to_json(self) -> dict:
        return {"category": self.id, "score": round(self.score, 3), "reached": self.reached,
                "established": [e.code for e in self.established],
                "missing": [e.code for e in self.missing],
                "excluded_by": [e.code for e in self.excluded_by],
                "triangulated_share": round(self.triangulated_share, 3)}


@dataclass
class Verdict:
    site: str
    framework: Codebook
    verdict: str | None
    status: str
    confidence: float
    runner_up: str | None
    indicators: list[IndicatorEvidence]
    blocking: list[IndicatorEvidence]
    levels: list[Level]
    tied: list[str] = field(default_factory=list)
    looseness: float = 0.0
    outweighed: str | None = None  # a higher level reached but outweighed by looseness
    explanation: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "site": self.site, "framework": self.framework.id, "verdict": self.verdict,
            "status": self.status, "confidence": self.confidence, "runner_up": self.runner_up,
            "indicators": [
                {"id": e.code, "status": e.status, "supports": len(e.supports),
                 "contradicts": len(e.contradicts), "sources": e.sources, "methods": e.methods,
                 "informants": sorted({w.split(":", 1)[1] for x in e.supports + e.contradicts
                                       for w in x.witnesses if w.startswith("informant:")}),
                 "coders": e.coders, "score": round(e.score, 3),
                 "established": e.established,
                 "reading": None if e.reading is None else {
                     "established": e.reading.established, "rationale": e.reading.rationale,
                     "coder": e.reading.coder, "at": e.reading.created_at}}
                for e in self.indicators],
            "blocking": [e.code for e in self.blocking],
            "explanation": self.explanation["en"],
            "explanation_id": self.explanation["id"],
            "tied": self.tied,
            "levels": [level.to_json() for level in self.levels],
            "overrides": [{"indicator": e.code, "established": e.reading.established,
                           "rationale": e.reading.rationale, "coder": e.reading.coder,
                           "at": e.reading.created_at} for e in rests_on(self)],
        }


def thresholds(base: EvidenceBase, book: Codebook) -> dict[str, float]:
    return thresholds_for(book.thresholds, base.thresholds, book.id)


def judge(base: EvidenceBase, site: str, book: Codebook,
          replaced: Mapping[str, IndicatorEvidence] | None = None,
          explain: bool = True) -> Verdict:
    """The verdict for one site and framework; `replaced`: indicators' evidence to judge in
    place of the base's (what a change would make of them), `explain`: word the explanation."""
    t = thresholds(base, book)
    indicators = indicator_evidence(base, site, book)
    if replaced:
        indicators = [replaced.get(e.code, e) for e in indicators]
    by_code = {e.code: e for e in indicators}
    levels = [Level(cat, [by_code[i] for i in cat.defining],
                    [by_code[i] for i in cat.excluding if by_code[i].established], t)
                for cat in book.categories]
    if book.kind == "ordinal":
        verdict = _ordinal(site, book, indicators, levels, t)
    else:
        verdict = _nominal(site, book, indicators, levels, t)
    if explain:
        verdict.explanation = {"en": _explain(verdict, "en"), "id": _explain(verdict, "id")}
    return verdict


def indicator_evidence(base: EvidenceBase, site: str, book: Codebook) -> list[IndicatorEvidence]:
    """The evidence for each indicator of a framework at a site, with the framework's
    `min_independent`."""
    k = int(thresholds(base, book).get("min_independent") or base.min_independent)
    return [base.indicator(site, c.id, k) for c in book.codes]


def judge_all(base: EvidenceBase, books: list[Codebook], sites: list[str] | None = None
              ) -> list[Verdict]:
    frameworks = [b for b in books if b.is_framework]
    return [judge(base, site, book) for site in (sites or base.sites) for book in frameworks]


def _blocking(level: Level | None) -> list[IndicatorEvidence]:
    if level is None:
        return []
    return level.missing + [e for e in level.excluded_by if e not in level.missing]


def _closest(levels: list[Level]) -> Level | None:
    """The category nearest to being reached (most defining indicators established)."""
    supported = [lv for lv in levels if lv.has_support]
    if not supported:
        return None
    return max(supported, key=lambda lv: (lv.established_share, lv.score))


def _ordinal(site, book, indicators, levels, t) -> Verdict:
    reached = [i for i, lv in enumerate(levels) if lv.reached and lv.score > t["min_score"]]
    if not reached:
        near = _closest(levels)
        return Verdict(site, book, None, "insufficient-evidence", 0.0,
                       near.id if near else None, indicators, _blocking(near), levels)
    top = reached[-1]
    level = levels[top]
    above = {c for lv in levels[top:] for c in lv.category.defining}
    loose_codes = {c.id for c in book.codes if c.loose}
    formal = [e for e in level.evidence if e.code not in loose_codes]
    formal_score = sum(e.score for e in formal) / len(formal) if formal else 0.0
    loose_levels = []
    for lower in levels[:top] if formal else []:  # a loose level is not weighed against looseness
        loose = [e for e in lower.evidence if e.code not in above and e.code in loose_codes]
        if loose:
            strength = sum(max(e.score, 0.0) for e in loose) / len(loose)
            loose_levels.append((strength, lower))
    looseness, loose_level = max(loose_levels, key=lambda x: x[0], default=(0.0, None))
    others = sorted((lv for i, lv in enumerate(levels) if i != top and lv.score > 0),
                    key=lambda lv: (lv.reached, lv.score), reverse=True)
    runner_up = others[0].id if others else None
    next_level = levels[top + 1] if top + 1 < len(levels) else None
    if loose_level is not None and loose_level.reached:
        if abs(looseness - formal_score) <= t["decide_margin"]:
            return Verdict(site, book, None, "tied", 0.0, None, indicators,
                           _blocking(next_level), levels, tied=[loose_level.id, level.id],
                           looseness=looseness)
        if looseness > formal_score:
            # the looseness outweighs the formal evidence: the site stays at the loose level
            not_firm = [e for e in level.evidence if e.status != "confirmed"]
            return Verdict(site, book, loose_level.id, "decided", _confidence(loose_level),
                           level.id, indicators, not_firm, levels, looseness=looseness,
                           outweighed=level.id)
    return Verdict(site, book, level.id, "decided", _confidence(level), runner_up, indicators,
                   _blocking(next_level), levels, looseness=looseness)


def _nominal(site, book, indicators, levels, t) -> Verdict:
    candidates = sorted((lv for lv in levels if lv.has_support and not lv.excluded_by),
                        key=lambda lv: (lv.reached, lv.score), reverse=True)
    if not candidates or not candidates[0].reached or candidates[0].score <= t["min_score"]:
        near = candidates[0] if candidates else _closest(levels)
        return Verdict(site, book, None, "insufficient-evidence", 0.0,
                       near.id if near else None, indicators, _blocking(near), levels)
    top = candidates[0]
    rival = candidates[1] if len(candidates) > 1 and candidates[1].reached else None
    if rival is not None and top.score - rival.score < t["decide_margin"]:
        # close scores: the more specific category wins, then the better evidenced one
        keys = {lv.id: (len(lv.established), sum(e.s for e in lv.evidence))
                for lv in (top, rival)}
        if keys[top.id] == keys[rival.id]:
            return Verdict(site, book, None, "tied", 0.0, None, indicators,
                           [], levels, tied=[top.id, rival.id])
        if keys[rival.id] > keys[top.id]:
            top, rival = rival, top
    others = sorted((lv for lv in levels if lv is not top and lv.has_support),
                    key=lambda lv: (not lv.excluded_by, lv.score), reverse=True)
    runner = others[0] if others else None
    return Verdict(site, book, top.id, "decided", _confidence(top),
                   runner.id if runner else None, indicators, _blocking(runner), levels)


def _confidence(level: Level) -> float:
    """The verdict category's score, in [0, 1] (rules: confidence)."""
    return round(max(0.0, level.score), 2)


# ------------------------------------------------------------------ explanations
#
# English names indicators and categories by their ids (English words, the contract's);
# Indonesian by the codebook's Indonesian labels, with decimal commas.

def _name(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("en") or ""


def indicator_name(book: Codebook, code: str, lang: str) -> str:
    local = code.split("/", 1)[1]
    if lang != "id":
        return local
    return book.code(code).label.get("id") or local


def category_name(book: Codebook, category: str, lang: str) -> str:
    if lang != "id":
        return f"'{category}'"
    cat = next(c for c in book.categories if c.id == category)
    name = re.sub(rf"\s*\({re.escape(category)}\)$", "", cat.name.get("id") or category)
    return f"'{name}'"


def _ind(e: IndicatorEvidence, lang: str, book: Codebook) -> str:
    parts = [STATUS_ID[e.status] if lang == "id" else e.status]
    if e.supports or e.contradicts:
        parts.append(f"{len(e.support_witnesses)}+/{len(e.contradict_witnesses)}−")
    if e.reading is not None:
        if lang == "id":
            parts.append(("terpenuhi" if e.established else "tidak terpenuhi")
                         + " menurut pembacaan peneliti")
        else:
            parts.append(("established" if e.established else "not established")
                         + " by the researcher's reading")
    return f"{indicator_name(book, e.code, lang)} ({', '.join(parts)})"


def _list(items: list[IndicatorEvidence], lang: str, book: Codebook) -> str:
    return ", ".join(_ind(e, lang, book) for e in items)


def _lacks(level: Level, lang: str, book: Codebook) -> str:
    """What keeps a category from being reached: its defining indicators not established,
    and the excluding indicators that rule it out, each named as what it is."""
    said = []
    if level.missing:
        said.append(("kurang: " if lang == "id" else "missing: ")
                    + _list(level.missing, lang, book))
    if level.excluded_by:
        said.append(("tertutup oleh indikator pengecualian: " if lang == "id" else
                     "ruled out by the excluding indicator(s): ")
                    + _list(level.excluded_by, lang, book))
    if not said and level.triangulated_share < level.thresholds["min_share_confirmed"]:
        said.append("kurang: triangulasi antarsumber atau metode" if lang == "id" else
                    "missing: triangulation across sources or methods")
    return "; ".join(said)


def rests_on(v: Verdict) -> list[IndicatorEvidence]:
    """The indicators with a recorded reading: the verdict rests on each of them, whichever
    category it decides (a reading that denies a lower level's indicator is what moves the
    verdict as much as one that establishes the verdict's own)."""
    return [e for e in v.indicators if e.reading is not None]


def _readings(v: Verdict, lang: str) -> str:
    """What the verdict rests on beyond the weighing of evidence: the readings of the
    indicators it names, with their rationale, by whom and when."""
    said = []
    for e in rests_on(v):
        r = e.reading
        said.append(f"{indicator_name(v.framework, e.code, lang)}: “{r.rationale}” "
                    f"({r.coder}, {written_date(r.created_at, lang)})")
    if not said:
        return ""
    if lang == "id":
        return "Bersandar pada pembacaan peneliti atas " + "; ".join(said) + "."
    return "It rests on the researcher's reading of " + "; ".join(said) + "."


def _explain(v: Verdict, lang: str) -> str:
    readings = _readings(v, lang)
    return f"{_explained(v, lang)} {readings}" if readings else _explained(v, lang)


def _explained(v: Verdict, lang: str) -> str:
    book = v.framework
    fw = _name(book.name, lang) or book.id
    cats = {lv.id: lv for lv in v.levels}

    def cat(cat_id: str) -> str:
        return category_name(book, cat_id, lang)

    def listed(items: list[IndicatorEvidence]) -> str:
        return _list(items, lang, book)

    id_ = lang == "id"
    if v.status == "insufficient-evidence":
        if v.runner_up is None:
            coded = [e for e in v.indicators if e.supports or e.contradicts]
            if coded:
                return (f"Bukti terkode untuk {fw} di {v.site} tidak mendukung kategori mana "
                        f"pun: {listed(coded)}." if id_ else
                        f"The coded evidence for {fw} at {v.site} supports no category: "
                        f"{listed(coded)}.")
            return (f"Belum ada bukti terkode untuk {fw} di {v.site}." if id_ else
                    f"No coded evidence for {fw} at {v.site} yet.")
        near = cats[v.runner_up]
        if id_:
            return (f"Bukti belum cukup untuk menetapkan kategori {fw} di {v.site}. Kandidat "
                    f"terdekat {cat(near.id)}; {_lacks(near, lang, book)}.")
        return (f"Not enough evidence to decide {fw} at {v.site}. Closest candidate "
                f"{cat(near.id)}; {_lacks(near, lang, book)}.")
    if v.status == "tied":
        a, b = v.tied
        if id_:
            return (f"Bukti {fw} di {v.site} seimbang antara {cat(a)} dan {cat(b)}: "
                    f"{listed(cats[a].evidence)} lawan {listed(cats[b].evidence)}.")
        return (f"The evidence for {fw} at {v.site} is balanced between {cat(a)} and {cat(b)}: "
                f"{listed(cats[a].evidence)} against {listed(cats[b].evidence)}.")
    level = cats[v.verdict]
    gaps = [e for e in level.evidence if e.status == "contested"]
    confidence, looseness = decimal(v.confidence, lang), decimal(v.looseness, lang)
    kind_word = ("tingkat" if book.kind == "ordinal" else "pola") if id_ else \
        ("level" if book.kind == "ordinal" else "category")
    parts = []
    if id_:
        parts.append(f"{v.site} berada pada {kind_word} {cat(level.id)} dalam kerangka {fw} "
                     f"(keyakinan {confidence}): {listed(level.evidence)}.")
        if gaps:
            parts.append(f"Celah (sebagian dibantah): {listed(gaps)}.")
        if v.outweighed:
            parts.append(f"Tingkat {cat(v.outweighed)} juga terpenuhi, tetapi bukti "
                         f"keterikatan longgar (kekuatan {looseness}) lebih berat "
                         "daripada bukti formalnya.")
        elif v.looseness > 0:
            parts.append(f"Bukti keterikatan longgar di tingkat bawah (kekuatan "
                         f"{looseness}) tidak mengalahkan bukti formalnya.")
    else:
        parts.append(f"{v.site} is at the {cat(level.id)} {kind_word} of {fw} "
                     f"(confidence {confidence}): {listed(level.evidence)}.")
        if gaps:
            parts.append(f"Gaps (contradicted in part): {listed(gaps)}.")
        if v.outweighed:
            parts.append(f"The {cat(v.outweighed)} level is reached too, but the looseness "
                         f"evidence (strength {looseness}) outweighs its formal "
                         "evidence.")
        elif v.looseness > 0:
            parts.append(f"Looseness evidence for lower levels (strength {looseness}) "
                         "does not outweigh its formal evidence.")
    if book.kind == "ordinal":
        index = [lv.id for lv in v.levels].index(level.id)
        if v.outweighed:
            if v.blocking:
                parts.append(f"Yang belum terkonfirmasi di {cat(v.outweighed)}: "
                             f"{listed(v.blocking)}." if id_ else
                             f"Not confirmed at {cat(v.outweighed)}: {listed(v.blocking)}.")
        elif index + 1 < len(v.levels):
            nxt = v.levels[index + 1]
            parts.append(f"Belum mencapai {cat(nxt.id)}: {_lacks(nxt, lang, book)}." if id_
                         else f"It does not reach {cat(nxt.id)}: {_lacks(nxt, lang, book)}.")
    elif v.runner_up:
        runner = cats[v.runner_up]
        parts.append(f"Bukan {cat(runner.id)}: {_lacks(runner, lang, book)}." if id_ else
                     f"Not {cat(runner.id)}: {_lacks(runner, lang, book)}.")
    return " ".join(parts)
