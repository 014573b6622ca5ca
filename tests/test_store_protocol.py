"""The store is a protocol: the SQLite backend fits it, and nothing else in qualcode sees SQLite.

Each check is a function that returns the problems it finds, and is also run on a deliberate
misfit, so a check that could never fail would show up here as a failing test.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import qualcode
from qualcode.store import Store, create_store, open_store
from qualcode.store.sqlite import SQLiteStore

PACKAGE = Path(qualcode.__file__).resolve().parent
# What only the store package may import: the driver, and the backend modules built on it.
STORE_ONLY = ("sqlite3", "qualcode.store.sqlite", "qualcode.store.schema")
DUNDERS = ("__enter__", "__exit__")


def protocol_members(protocol: type) -> dict[str, object]:
    """The methods and properties `protocol` declares (not the ones `Protocol` adds)."""
    return {name: value for name, value in vars(protocol).items()
            if (inspect.isfunction(value) or isinstance(value, property))
            and (not name.startswith("_") or name in DUNDERS)}


def misfits(protocol: type, implementation: type) -> list[str]:
    """Where `implementation` lacks a member of `protocol` or takes other parameters."""
    problems = []
    for name, declared in protocol_members(protocol).items():
        if isinstance(declared, property):
            continue  # an attribute may be set in __init__; see test_path_is_an_attribute
        actual = getattr(implementation, name, None)
        if not callable(actual):
            problems.append(f"{name}: missing")
            continue
        want = [(p.name, p.kind, p.default)
                for p in inspect.signature(declared).parameters.values()]
        got = [(p.name, p.kind, p.default)
               for p in inspect.signature(actual).parameters.values()]
        if want != got:
            problems.append(f"{name}: parameters {got} instead of {want}")
    return problems


def is_store_only(module: str) -> bool:
    return any(module == bad or module.startswith(bad + ".") for bad in STORE_ONLY)


def store_only_imports(root: Path) -> list[str]:
    """`file:line: module` for every import of a store-only module outside `root/store/`
    (`root` being the `qualcode` package)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if (root / "store") in path.parents:
            continue
        package = ["qualcode", *path.relative_to(root).parent.parts]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = package[:len(package) - node.level + 1] if node.level else []
                module = ".".join([*base, *([node.module] if node.module else [])])
                # `from sqlite3 import x` names sqlite3; `from qualcode.store import sqlite`
                # names a submodule.
                names = [module] if is_store_only(module) else [
                    f"{module}.{alias.name}" for alias in node.names]
            else:
                continue
            found += [f"{path.relative_to(root).as_posix()}:{node.lineno}: {name}"
                      for name in names if is_store_only(name)]
    return found


def test_sqlite_store_fits_the_protocol() -> None:
    declared = protocol_members(Store)
    assert {"codings", "add_coding", "add_exchange", "close", "__enter__", "__exit__"} <= set(
        declared)
    assert "transaction" not in declared  # it hands out a sqlite3 connection
    assert misfits(Store, SQLiteStore) == []


def test_the_fit_check_finds_a_misfit() -> None:
    class Partial:
        def codings(self, source: str | None = None, coder: str | None = None) -> list:
            return []

        def add_coding(self, new_coding: object) -> object:
            return new_coding

    problems = misfits(Store, Partial)
    assert "close: missing" in problems
    assert any(p.startswith("codings: parameters") for p in problems)
    assert any(p.startswith("add_coding: parameters") for p in problems)


def test_attributes_are_there(tmp_path: Path) -> None:
    properties = [n for n, v in protocol_members(Store).items() if isinstance(v, property)]
    assert properties == ["path", "read_only"]
    with create_store(tmp_path / "project.db") as store:
        assert isinstance(store, SQLiteStore)
        assert all(hasattr(store, name) for name in properties)
    with open_store(tmp_path / "project.db") as store:
        assert store.path == tmp_path / "project.db"


def test_nothing_outside_the_store_imports_sqlite() -> None:
    assert store_only_imports(PACKAGE) == []


def test_the_import_check_finds_sqlite(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "backend.py").write_text("import sqlite3\n")
    (tmp_path / "analysis").mkdir()
    (tmp_path / "analysis" / "a.py").write_text(
        "import json\nimport sqlite3 as db\nfrom sqlite3 import connect\n"
        "from qualcode.store import Store, sqlite\nfrom qualcode.store.schema import MIGRATIONS\n"
        "from ..store.sqlite import SQLiteStore\nfrom .. import store\n")
    assert store_only_imports(tmp_path) == [
        "analysis/a.py:2: sqlite3",
        "analysis/a.py:3: sqlite3",
        "analysis/a.py:4: qualcode.store.sqlite",
        "analysis/a.py:5: qualcode.store.schema",
        "analysis/a.py:6: qualcode.store.sqlite",
    ]
