"""The codebook pane: frameworks → categories → indicators and thematic trees, with counts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Tree

from qualcode.model import Codebook


def matches(code, query: str) -> bool:
    query = query.lower()
    fields = [code.id, *code.label.values(), *[k for ks in code.keywords.values() for k in ks]]
    return any(query in f.lower() for f in fields)


class CodebookPane(Vertical):
    """Leaves carry the code id; the search box filters by id, label or keyword."""

    def __init__(self) -> None:
        super().__init__(id="codebook-pane")
        self.books: list[Codebook] = []
        self.counts: dict[str, tuple[int, int]] = {}

    def compose(self) -> ComposeResult:
        yield Input(placeholder="search codes (id, label, keyword)", id="code-search")
        tree: Tree[str] = Tree("Codebooks", id="codebook")
        tree.show_root = False
        yield tree

    def show(self, books: list[Codebook], counts: dict[str, tuple[int, int]]) -> None:
        """`counts`: code id -> (codings in this source, codings at this site)."""
        self.books, self.counts = books, counts
        self._fill(self.query_one(Input).value)

    def update_counts(self, counts: dict[str, tuple[int, int]]) -> None:
        """Relabel the code nodes whose counts changed, without rebuilding the tree."""
        changed = {c for c in set(counts) | set(self.counts)
                   if counts.get(c) != self.counts.get(c)}
        self.counts = counts
        for code_id in changed:
            for node, code, prefix in self.nodes.get(code_id, []):
                node.set_label(prefix + self._label(code))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _label(self, code) -> str:
        here, site = self.counts.get(code.id, (0, 0))
        label = code.label.get("en") or code.id
        return f"{code.local_id} — {label}  [{here}/{site}]"

    def _fill(self, query: str) -> None:
        tree = self.query_one(Tree)
        tree.clear()
        self.nodes: dict[str, list] = {}
        for book in self.books:
            shown = [c for c in book.codes if not query or matches(c, query)]
            if not shown:
                continue
            node = tree.root.add(f"{book.id} ({book.kind})", expand=bool(query))
            if book.is_framework:
                for cat in book.categories:
                    cat_node = node.add(f"{cat.id}", expand=True)
                    for code_id in cat.defining + cat.excluding:
                        code = book.code(code_id)
                        if code in shown:
                            mark = "" if code_id in cat.defining else "not "
                            leaf = cat_node.add_leaf(mark + self._label(code), data=code_id)
                            self.nodes.setdefault(code_id, []).append((leaf, code, mark))
            else:
                nodes = {None: node}
                for code in book.codes:
                    parent = nodes.get(code.parent, node)
                    if code in shown:
                        nodes[code.id] = parent.add(self._label(code), data=code.id,
                                                    expand=True)
                        self.nodes.setdefault(code.id, []).append((nodes[code.id], code, ""))
