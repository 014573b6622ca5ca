"""The codebook pane: frameworks → categories → indicators and thematic trees, with counts.

Its tree has the keys that edit codes (keys.CODEBOOK_KEYS: add, rename, move, merge, delete,
colour, describe the highlighted code); the screen does the editing and shows the pane again,
which keeps the highlighted code, and the codebooks that were open, as they were."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Tree
from textual.widgets.tree import TreeNode

from qualcode.model import Code, Codebook
from qualcode.tui.details import label_of, word
from qualcode.tui.i18n import tr
from qualcode.tui.keys import CODEBOOK_KEYS


def matches(code, query: str) -> bool:
    query = query.lower()
    fields = [code.id, *code.label.values(), *[k for ks in code.keywords.values() for k in ks]]
    return any(query in f.lower() for f in fields)


def name_of(code: Code) -> str:
    """The name the workbench shows: in the interface language, else the other, else the
    id."""
    return label_of(code) or code.id


class CodeTree(Tree[str]):
    """The codebook tree: a code node's data is its id; Enter codes the selection with it."""

    BINDINGS = CODEBOOK_KEYS


class CodebookPane(Vertical):
    """Leaves carry the code id; the search box filters by id, label or keyword."""

    def __init__(self) -> None:
        super().__init__(id="codebook-pane")
        self.books: list[Codebook] = []
        self.counts: dict[str, tuple[int, int]] = {}
        self.nodes: dict[str, list] = {}
        self.book_nodes: dict[str, TreeNode] = {}

    def compose(self) -> ComposeResult:
        yield Input(placeholder=tr("search codes (id, label, keyword)"), id="code-search")
        tree = CodeTree("Codebooks", id="codebook")
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

    # ------------------------------------------------------------------ the highlighted code

    def highlighted(self) -> tuple[str, str] | None:
        """What the tree's cursor is on: ('code', id), ('book', id), or None."""
        node = self.query_one(CodeTree).cursor_node
        if node is None:
            return None
        if node.data is not None:
            return "code", node.data
        book = next((b for b, n in self.book_nodes.items() if n is node), None)
        return ("book", book) if book else None

    def select_code(self, code_id: str) -> bool:
        """Open the way to a code's node and put the cursor on it; whether it is shown."""
        found = self.nodes.get(code_id)
        if not found:
            return False
        node = found[0][0]
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        tree = self.query_one(CodeTree)
        _ = tree.last_line  # lays the lines out anew, so the node knows its line
        tree.move_cursor(node)
        return True

    # ------------------------------------------------------------------ drawing

    def _label(self, code) -> str:
        here, site = self.counts.get(code.id, (0, 0))
        return f"{code.local_id} — {name_of(code)}  [{here}/{site}]"

    def _fill(self, query: str) -> None:
        tree = self.query_one(CodeTree)
        was = self.highlighted() if self.book_nodes else None
        opened = {b for b, n in self.book_nodes.items() if n.is_expanded}
        tree.clear()
        self.nodes = {}
        self.book_nodes = {}
        for book in self.books:
            shown = [c for c in book.codes if not query or matches(c, query)]
            if not shown and (query or book.is_framework):
                continue
            node = tree.root.add(f"{book.id} ({word(book.kind)})",
                                 expand=bool(query) or book.id in opened)
            self.book_nodes[book.id] = node
            if book.is_framework:
                for cat in book.categories:
                    cat_node = node.add(f"{cat.id}", expand=True)
                    for code_id in cat.defining + cat.excluding:
                        code = book.code(code_id)
                        if code in shown:
                            mark = "" if code_id in cat.defining else tr("not ")
                            leaf = cat_node.add_leaf(mark + self._label(code), data=code_id)
                            self.nodes.setdefault(code_id, []).append((leaf, code, mark))
            else:
                nodes = {None: node}
                for code in book.codes:  # the store keeps a parent before its children
                    parent = nodes.get(code.parent, node)
                    if code in shown:
                        nodes[code.id] = parent.add(self._label(code), data=code.id,
                                                    expand=True)
                        self.nodes.setdefault(code.id, []).append((nodes[code.id], code, ""))
        if was is not None:
            kind, key = was
            if kind == "code":
                self.select_code(key)
            elif key in self.book_nodes:
                _ = tree.last_line
                tree.move_cursor(self.book_nodes[key])
