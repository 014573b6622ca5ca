"""Loading codebook YAML files (docs/codebook-format.md) with `FILE:LINE: problem` errors."""

from __future__ import annotations

import re
from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.model import KINDS, ROLES, Category, Code, Codebook, threshold_problem
from qualcode.textfile import read_text
from qualcode.yamlfile import LineDict, parse_yaml

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def load_codebook(path: Path) -> Codebook:
    text, _ = read_text(path, allow_cp1252=False)
    data = parse_yaml(text, path)
    problems: list[str] = []
    book = _codebook(data, path, problems)
    if problems:
        raise QualcodeError(*problems)
    assert book is not None
    return book


def load_codebooks(paths: list[Path]) -> list[Codebook]:
    books = [load_codebook(p) for p in paths]
    seen: dict[str, Path] = {}
    for path, book in zip(paths, books, strict=True):
        if book.id in seen:
            raise QualcodeError(f"{path}:1: duplicate codebook id '{book.id}' (also in "
                                f"{seen[book.id]})")
        seen[book.id] = path
    return books


def _codebook(data: object, path: Path, problems: list[str]) -> Codebook | None:
    if not isinstance(data, LineDict):
        problems.append(f"{path}:1: a codebook must be a YAML mapping (id, kind, name, ...)")
        return None

    def bad(node: LineDict, key: str, message: str) -> None:
        problems.append(f"{path}:{node.line_of(key)}: {message}")

    book_id = str(data.get("id", ""))
    if not _ID.match(book_id):
        bad(data, "id", f"codebook id '{book_id}' must be lower-case words joined by hyphens")
    kind = data.get("kind")
    if kind not in KINDS:
        bad(data, "kind", f"wrong kind '{kind}' (use one of: {', '.join(KINDS)})")
        return None
    book = Codebook(book_id, kind, _texts(data.get("name")) or {"en": book_id},
                    _texts(data.get("description")), str(data.get("source") or ""))
    book.thresholds = _thresholds(data, bad)
    if kind == "thematic":
        if "categories" in data:
            bad(data, "categories", "a thematic codebook has codes, not categories")
        _themes(data, "codes", None, book, bad, problems, path)
        _check_parents(book, data, bad)
    else:
        if "codes" in data:
            bad(data, "codes", f"a {kind} framework has indicators, not codes")
        _indicators(data, book, bad, problems, path)
        _categories(data, book, bad, problems, path)
    return book


def _texts(value: object) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v).strip() for k, v in value.items() if v is not None}
    return {"en": str(value).strip()} if value else {}


def _lists(value: object) -> dict[str, list[str]]:
    if isinstance(value, dict):
        return {str(k): [str(x) for x in (v or [])] for k, v in value.items()}
    return {}


def _thresholds(data: LineDict, bad) -> dict[str, float]:
    """The codebook's thresholds (qualcode.model.THRESHOLD_LIMITS): min_independent kept a
    whole number, the others floats; one problem per bad value."""
    raw = data.get("thresholds") or {}
    if not isinstance(raw, dict):
        bad(data, "thresholds", "'thresholds' must be a mapping")
        return {}
    out: dict[str, float] = {}
    for key, value in raw.items():
        problem = threshold_problem(str(key), value)
        if problem:
            bad(raw, key, problem)
        else:
            out[key] = value if key == "min_independent" else float(value)
    return out


def _code(node: LineDict, book: Codebook, parent: str | None) -> Code:
    return Code(
        id=f"{book.id}/{node.get('id')}", codebook=book.id,
        label=_texts(node.get("label")) or {"en": str(node.get("id"))}, parent=parent,
        definition=_texts(node.get("definition")), include=_texts(node.get("include")),
        exclude=_texts(node.get("exclude")), keywords=_lists(node.get("keywords")),
        examples=_lists(node.get("examples")), color=str(node.get("color") or ""),
        loose=bool(node.get("loose", False)), concept=str(node.get("concept") or ""))


def _entries(data: LineDict, key: str, bad, problems, path) -> list[LineDict]:
    items = data.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        bad(data, key, f"'{key}' must be a list")
        return []
    good = []
    for item in items:
        if not isinstance(item, LineDict):
            bad(data, key, f"each entry of '{key}' must be a mapping with an 'id'")
        elif not _ID.match(str(item.get("id", ""))):
            problems.append(f"{path}:{item.line}: id '{item.get('id', '')}' must be lower-case "
                            "words joined by hyphens")
        else:
            good.append(item)
    return good


def _add(book: Codebook, node: LineDict, parent: str | None, bad) -> bool:
    code = _code(node, book, parent)
    if any(c.id == code.id for c in book.codes):
        bad(node, "id", f"duplicate id '{node['id']}'")
        return False
    book.codes.append(code)
    return True


def _themes(data, key, parent, book, bad, problems, path) -> None:
    for node in _entries(data, key, bad, problems, path):
        explicit = node.get("parent")
        code_parent = f"{book.id}/{explicit}" if explicit else parent
        if _add(book, node, code_parent, bad):
            _themes(node, "children", book.codes[-1].id, book, bad, problems, path)


def _check_parents(book: Codebook, data: LineDict, bad) -> None:
    by_id = {c.id: c for c in book.codes}
    for code in book.codes:
        if code.parent and code.parent not in by_id:
            bad(data, "codes", f"code '{code.local_id}' names unknown parent "
                f"'{code.parent.split('/', 1)[1]}'")
            continue
        seen, current = {code.id}, code.parent
        while current:
            if current in seen:
                bad(data, "codes", f"cycle in the code tree at '{code.local_id}'")
                break
            seen.add(current)
            current = by_id[current].parent if current in by_id else None


def _indicators(data, book, bad, problems, path) -> None:
    nodes = _entries(data, "indicators", bad, problems, path)
    if not nodes:
        bad(data, "indicators", "a framework needs a list of 'indicators'")
    for node in nodes:
        _add(book, node, None, bad)


def _categories(data, book, bad, problems, path) -> None:
    nodes = _entries(data, "categories", bad, problems, path)
    if not nodes:
        bad(data, "categories", "a framework needs a list of 'categories'")
    known = {c.local_id for c in book.codes}
    for node in nodes:
        if any(c.id == node["id"] for c in book.categories):
            bad(node, "id", f"duplicate category id '{node['id']}'")
            continue
        category = Category(str(node["id"]), _texts(node.get("name")) or {"en": node["id"]},
                            _texts(node.get("description")))
        for role in ROLES:
            names = node.get(role) or []
            if not isinstance(names, list):
                bad(node, role, f"'{role}' must be a list of indicator ids")
                continue
            for name in names:
                if name not in known:
                    bad(node, role, f"category '{category.id}' names unknown indicator '{name}'")
                else:
                    getattr(category, role).append(f"{book.id}/{name}")
        if not node.get("defining"):
            bad(node, "defining", f"empty category '{category.id}': no defining indicators")
        clash = set(category.defining) & set(category.excluding)
        if clash:
            bad(node, "excluding", f"category '{category.id}' both requires and excludes "
                + ", ".join(sorted(clash)))
        book.categories.append(category)


def load_directory(directory: Path) -> list[Codebook]:
    """Every codebook in a folder: frameworks first, then thematic codebooks."""
    books = load_codebooks(sorted(directory.glob("*.yaml")))
    return sorted(books, key=lambda b: b.kind == "thematic")


# ------------------------------------------------------------------ the researcher's own codes

EMERGING = "tema"  # the codebook that codes made while reading go to, unless another is named
EMERGING_NAME = {"en": "Emerging themes", "id": "Tema yang muncul"}

# Colours a researcher may name instead of writing #rrggbb (English and Indonesian).
COLOUR_NAMES = {
    "red": "#dc2626", "merah": "#dc2626",
    "orange": "#ea580c", "oranye": "#ea580c", "jingga": "#ea580c",
    "amber": "#d97706",
    "yellow": "#ca8a04", "kuning": "#ca8a04",
    "green": "#16a34a", "hijau": "#16a34a",
    "teal": "#0d9488", "toska": "#0d9488",
    "blue": "#2563eb", "biru": "#2563eb",
    "indigo": "#4f46e5", "nila": "#4f46e5",
    "purple": "#9333ea", "ungu": "#9333ea",
    "pink": "#db2777", "merah-muda": "#db2777",
    "brown": "#92400e", "coklat": "#92400e", "cokelat": "#92400e",
    "grey": "#6b7280", "gray": "#6b7280", "abu-abu": "#6b7280",
}
ENGLISH_COLOURS = ("red", "orange", "amber", "yellow", "green", "teal", "blue", "indigo",
                   "purple", "pink", "brown", "grey")
_HEX = re.compile(r"^#(?:[0-9a-f]{3}|[0-9a-f]{6})$")
NO_COLOUR = ("none", "-", "tidak-ada")


def parse_colour(text: str) -> str:
    """A colour as the store keeps it (#rrggbb, lower case; '' for none) from what a researcher
    types: #rgb, #rrggbb, or a name (red, biru, ...); 'none' clears it."""
    value = "-".join(text.strip().lower().split())
    if value in ("", *NO_COLOUR):
        return ""
    if value in COLOUR_NAMES:
        return COLOUR_NAMES[value]
    if not value.startswith("#") and re.fullmatch(r"[0-9a-f]{3}|[0-9a-f]{6}", value):
        value = f"#{value}"
    if not _HEX.match(value):
        raise QualcodeError(f"'{text.strip()}' is not a colour: write #rrggbb (e.g. #2563eb), "
                            f"#rgb, 'none', or a name: {', '.join(ENGLISH_COLOURS)} (or "
                            "merah, biru, hijau, ...)")
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value


def dump_codebook(book: Codebook, header: str = "") -> str:
    """The codebook as YAML in the format `load_codebook` reads (docs/codebook-format.md),
    so that loading it back gives the same codebook: a thematic tree as nested `children`
    (or, if the codes are not listed in tree order, a flat list naming each `parent`)."""
    import yaml

    data: dict = {"id": book.id, "kind": book.kind, "name": book.name}
    if book.description:
        data["description"] = book.description
    if book.source:
        data["source"] = book.source
    local = {c.id: c.local_id for c in book.codes}
    if book.is_framework:
        data["categories"] = [_category(cat, local) for cat in book.categories]
        data["indicators"] = [_code_entry(c) for c in book.codes]
    else:
        data["codes"] = _tree(book, local)
    if book.thresholds:
        data["thresholds"] = dict(book.thresholds)
    class Dumper(yaml.SafeDumper):  # lists indented under their key, as people write them
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            return super().increase_indent(flow, False)

    text = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    return "\n".join([*lines, text]) if lines else text


def _category(cat: Category, local: dict[str, str]) -> dict:
    entry: dict = {"id": cat.id, "name": cat.name}
    if cat.description:
        entry["description"] = cat.description
    for role in ROLES:
        entry[role] = [local.get(code, code.split("/", 1)[-1]) for code in getattr(cat, role)]
    return entry


def _code_entry(code: Code, parent: str | None = None) -> dict:
    entry: dict = {"id": code.local_id}
    if parent is not None:
        entry["parent"] = parent
    entry["label"] = code.label
    for key in ("definition", "include", "exclude", "keywords", "examples"):
        value = getattr(code, key)
        if value:
            entry[key] = {lang: list(v) if isinstance(v, list) else v
                          for lang, v in value.items()}
    if code.color:
        entry["color"] = code.color
    if code.loose:
        entry["loose"] = True
    if code.concept:
        entry["concept"] = code.concept
    return entry


def _tree(book: Codebook, local: dict[str, str]) -> list[dict]:
    ids = set(local)
    children: dict[str | None, list[Code]] = {}
    for code in book.codes:
        children.setdefault(code.parent if code.parent in ids else None, []).append(code)
    order: list[Code] = []

    def walk(parent: str | None) -> None:
        for code in children.get(parent, []):
            order.append(code)
            walk(code.id)

    walk(None)
    if order != book.codes:  # not in tree order: flat, each code naming its parent
        return [_code_entry(c, local.get(c.parent) if c.parent in ids else None)
                for c in book.codes]

    def nested(code: Code) -> dict:
        entry = _code_entry(code)
        if children.get(code.id):
            entry["children"] = [nested(child) for child in children[code.id]]
        return entry

    return [nested(code) for code in children.get(None, [])]
