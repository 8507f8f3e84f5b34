"""YAML files read with PyYAML's safe loader, remembering where each value is.

``yaml.safe_load`` is ``yaml.load`` with ``SafeLoader``; this module runs that
same loader in two steps (compose, then construct) so that every value's line
can be reported in error messages, and it rejects duplicate keys, which
``safe_load`` would silently overwrite.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from app.content.cached import cached
from app.content.cached import source_hash

Path_ = tuple[str | int, ...]

# libyaml's C parser with the same safe constructors, when PyYAML was built with it.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class YamlDoc:
    """Parsed data of one file plus the line of every path inside it."""

    path: Path
    data: Any
    lines: dict[Path_, int]

    def line(self, loc: Path_) -> int:
        """Line of ``loc``, or of its nearest enclosing value that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)

    def where(self, loc: Path_ = ()) -> str:
        """``file:line`` for a path inside the document."""
        return f"{self.path}:{self.line(loc)}"


class YamlFileError(Exception):
    """A file that is not valid YAML, or that repeats a key."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _walk(node: yaml.Node, loc: Path_, lines: dict[Path_, int], path: Path) -> None:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                raise YamlFileError(
                    f"{path}:{line}: duplicate key {key!r} (first at line {seen[key]})"
                )
            seen[key] = line
            lines[(*loc, key)] = line
            _walk(value_node, (*loc, key), lines, path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*loc, index)] = item.start_mark.line + 1
            _walk(item, (*loc, index), lines, path)


def load_yaml(path: Path, display: str | None = None, cache_dir: str | Path | None = None) -> YamlDoc:
    """Read ``path`` safely; raise :class:`YamlFileError` naming file and line.

    With ``cache_dir``, a file read before with exactly the same bytes is
    taken from the cache instead of parsed again (a file with an error is
    never kept, so it is always parsed and reported)."""
    shown = Path(display) if display else path
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlFileError(f"{shown}:1: not UTF-8 text ({exc.reason})") from exc
    if cache_dir is None:
        return _parse(text, shown)
    key = hashlib.blake2b(
        repr((source_hash(Path(__file__)), yaml.__version__, str(shown))).encode() + raw, digest_size=12
    ).hexdigest()
    family = "yaml-" + re.sub(r"[^\w.-]", "_", str(shown))
    return cached(cache_dir, family, key, lambda: _parse(text, shown))


def _parse(text: str, shown: Path) -> YamlDoc:
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlFileError(f"{shown}:{line}: invalid YAML: {problem}") from exc
    except yaml.YAMLError as exc:
        raise YamlFileError(f"{shown}:1: invalid YAML: {exc}") from exc
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    if node is not None:
        _walk(node, (), lines, shown)
    return YamlDoc(path=shown, data=data, lines=lines)
