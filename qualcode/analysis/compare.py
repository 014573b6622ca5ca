"""Cross-site comparison: verdicts of every site side by side and the indicator statuses that
set the sites apart."""

from __future__ import annotations

from dataclasses import dataclass

from qualcode.analysis.evidence import EvidenceBase
from qualcode.analysis.verdicts import Verdict, judge
from qualcode.model import Codebook


@dataclass
class Comparison:
    sites: list[str]
    frameworks: list[Codebook]
    verdicts: dict[tuple[str, str], Verdict]  # (site, framework) -> verdict
    statuses: dict[str, dict[str, str]]  # indicator -> site -> status

    def differs(self, code: str) -> bool:
        """Sites disagree on the indicator: one established, another not, where both have
        evidence, or the statuses differ at all."""
        return len(set(self.statuses[code].values())) > 1

    def verdicts_differ(self, framework: str) -> bool:
        return len({self.verdicts[s, framework].verdict for s in self.sites}) > 1

    def to_json(self) -> dict:
        return {
            "sites": self.sites,
            "frameworks": [b.id for b in self.frameworks],
            "verdicts": [{"site": s, "framework": b.id,
                          "verdict": self.verdicts[s, b.id].verdict,
                          "status": self.verdicts[s, b.id].status,
                          "confidence": self.verdicts[s, b.id].confidence}
                         for b in self.frameworks for s in self.sites],
            "verdicts_differ": {b.id: self.verdicts_differ(b.id) for b in self.frameworks},
            "indicators": [{"id": code, "statuses": statuses, "differs": self.differs(code)}
                           for code, statuses in self.statuses.items()],
        }


def compare(base: EvidenceBase, books: list[Codebook], sites: list[str] | None = None
            ) -> Comparison:
    frameworks = [b for b in books if b.is_framework]
    sites = sites or base.sites
    verdicts = {(s, b.id): judge(base, s, b) for b in frameworks for s in sites}
    statuses: dict[str, dict[str, str]] = {}
    for book in frameworks:
        for index, code in enumerate(book.codes):
            statuses[code.id] = {s: verdicts[s, book.id].indicators[index].status for s in sites}
    return Comparison(sites, frameworks, verdicts, statuses)
