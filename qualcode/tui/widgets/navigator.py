"""The project navigator: sites → sources, with method, informants and coding progress.

The source (or site) under its cursor is the one the source keys act on (rename, delete,
details, new version, rename site); `highlighted()` names it."""

from __future__ import annotations

from textual.widgets import Tree

from qualcode.model import SourceInfo
from qualcode.tui.details import word
from qualcode.tui.i18n import tr


class Navigator(Tree[str]):
    """Leaves carry the source name as data; selecting one opens the source."""

    def __init__(self) -> None:
        super().__init__("Project", id="navigator")
        self.show_root = False
        self.site_nodes: dict = {}
        self.source_nodes: dict = {}
        self.layout_shown: list[tuple[str, str]] = []  # (site, source) in the order shown

    def show_sources(self, sources: list[SourceInfo], coverage: dict[str, float],
                     current: str | None) -> None:
        """Build the tree: each source with method, codings, share of text coded, informants."""
        self.clear()
        self.site_nodes = {}
        self.source_nodes = {}
        self.layout_shown = _layout(sources)
        for info in sources:
            if info.site not in self.site_nodes:
                self.site_nodes[info.site] = self.root.add(info.site, expand=True)
            node = self.site_nodes[info.site].add_leaf(info.name, data=info.name)
            self.source_nodes[info.name] = node
            if info.name == current:
                self.move_cursor(node)
        self.update_counts(sources, coverage)

    def shows(self, sources: list[SourceInfo]) -> bool:
        """Whether the tree has these sources at these sites (else it must be built again:
        a source came, went, was renamed or moved, or a site was renamed)."""
        return self.layout_shown == _layout(sources)

    def highlighted(self) -> tuple[str | None, str | None]:
        """(site, source) under the cursor: a source's leaf gives both, a site's node only
        the site, nothing highlighted (None, None)."""
        node = self.cursor_node
        if node is None or node is self.root:
            return None, None
        site_node = node.parent if node.data is not None else node
        site = next((s for s, n in self.site_nodes.items() if n is site_node), None)
        return site, node.data

    def update_counts(self, sources: list[SourceInfo], coverage: dict[str, float]) -> None:
        """Relabel in place the nodes whose figures changed (cheap: called after every coding
        change; relabelling a site repaints its sources too, so only when it changed)."""
        per_site: dict[str, list[SourceInfo]] = {}
        for info in sources:
            per_site.setdefault(info.site, []).append(info)
        for site, node in self.site_nodes.items():
            mine = per_site.get(site, [])
            _relabel(node, tr("{site} ({sources} sources, {codings} codings)", site=site,
                              sources=len(mine), codings=sum(s.codings for s in mine)))
        for info in sources:
            label = (f"{info.name} · {word(info.method)} · {info.codings} · "
                     f"{coverage.get(info.name, 0.0):.0%}")
            if info.informants:
                label += f" · {', '.join(info.informants[:4])}"
            node = self.source_nodes.get(info.name)
            if node is not None:
                _relabel(node, label)


def _layout(sources: list[SourceInfo]) -> list[tuple[str, str]]:
    return [(s.site, s.name) for s in sources]


def _relabel(node, label: str) -> None:
    if str(node.label) != label:
        node.set_label(label)
