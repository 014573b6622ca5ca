"""The project navigator: sites → sources, with method, informants and coding progress."""

from __future__ import annotations

from textual.widgets import Tree

from qualcode.model import SourceInfo


class Navigator(Tree[str]):
    """Leaves carry the source name as data; selecting one opens the source."""

    def __init__(self) -> None:
        super().__init__("Project", id="navigator")
        self.show_root = False

    def show_sources(self, sources: list[SourceInfo], coverage: dict[str, float],
                     current: str | None) -> None:
        self.clear()
        sites: dict[str, object] = {}
        for info in sources:
            if info.site not in sites:
                mine = [s for s in sources if s.site == info.site]
                sites[info.site] = self.root.add(
                    f"{info.site} ({len(mine)} sources, {sum(s.codings for s in mine)} codings)",
                    expand=True)
            label = (f"{info.name} · {info.method} · {info.codings} · "
                     f"{coverage.get(info.name, 0.0):.0%}")
            if info.informants:
                label += f" · {', '.join(info.informants[:4])}"
            node = sites[info.site].add_leaf(label, data=info.name)
            if info.name == current:
                self.move_cursor(node)
