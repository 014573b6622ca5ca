"""YAML that remembers line numbers, so every complaint can say `FILE:LINE: problem`, and that
refuses alias bombs ("billion laughs") before they are built."""

from __future__ import annotations

from pathlib import Path

import yaml

from qualcode.errors import QualcodeError


class LineDict(dict):
    """A mapping from YAML with the line of the mapping and of each key (1-based)."""

    def __init__(self) -> None:
        super().__init__()
        self.line = 0
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


MAX_ALIASES = 100  # a codebook uses a few at most; "billion laughs" needs millions


class _TooManyAliases(Exception):
    pass


class _Loader(yaml.SafeLoader):
    """A safe loader that records line numbers (shifted to `first_line`) and refuses alias
    bombs: it counts the aliases the document would hold if every alias were written out, so
    nine aliases to a node holding nine aliases count 90, and an alias inside its own anchor
    never ends. Counted while composing, before anything is built."""

    def __init__(self, text: str, first_line: int) -> None:
        super().__init__(text)
        self.line_offset = first_line
        self.expanded = 0  # aliases so far, each counted with the aliases inside its target
        self.inside: dict[int, int] = {}  # id of each finished anchored node: aliases inside
        self.open: list[int] = [0]  # aliases inside each node being composed

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            target = self.anchors.get(event.anchor)
            if target is not None:  # an undefined alias is the composer's error to report
                if id(target) not in self.inside:  # still open: the alias is inside its anchor
                    raise _TooManyAliases
                cost = 1 + self.inside[id(target)]
                self.expanded += cost
                self.open[-1] += cost
                if self.expanded > MAX_ALIASES:
                    raise _TooManyAliases
            return super().compose_node(parent, index)
        self.open.append(0)
        node = super().compose_node(parent, index)
        inside = self.open.pop()
        self.open[-1] += inside
        if event.anchor is not None:
            self.inside[id(node)] = inside
        return node


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + loader.line_offset
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + loader.line_offset
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str, path: Path | str, first_line: int = 1) -> object:
    """Parse YAML text that starts at `first_line` of `path`; errors name file and line."""
    loader = _Loader(text, first_line)
    try:
        return loader.get_single_data()
    except _TooManyAliases:
        raise QualcodeError(f"{path}: too many YAML aliases") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = exc.problem or exc.context or "invalid YAML"
        raise QualcodeError(f"{path}:{line}: invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise QualcodeError(f"{path}: invalid YAML: {exc}") from None
    finally:
        loader.dispose()
