"""Safe, position-aware YAML loading for modder-written scenario files.

Scenario files come from strangers, so this loader treats them as hostile:

* It never uses PyYAML's composer/constructor. Those recurse (deep nesting blows the stack)
  and expand aliases without limit (the "billion laughs" bomb). Instead we walk the flat
  event stream from ``yaml.parse`` and build plain Python data with an explicit stack,
  counting every value -- aliases at the full size of what they expand to -- and giving up
  as soon as a limit is crossed, so hostile input costs little time or memory.
* Every value's position is recorded by its path from the root (the shape of a pydantic
  error ``loc``), so later validation errors can be reported as ``FILE:LINE:COL: message``.
* Anything wrong with the input ends in ``YamlLoadFailed`` carrying a ``LoadError``.

Deliberate differences from ``yaml.safe_load`` (YAML 1.1):

* Explicit tags (``!!python/...``, ``!foo``, even ``!!str``) are rejected: quoting does the
  job of ``!!str``, and no scenario needs anything else.
* Timestamps with a time part (``1917-10-25 21:45``) stay strings; plain dates become
  ``datetime.date``. Sexagesimal numbers (``10:30`` is 630 in YAML 1.1) stay strings too.
* Mapping keys are strings or ints. A plain key that YAML 1.1 would read as something else
  (``yes:``, ``no:``, ``on:``, ``null:``, ``1.5:``) is kept as the string written.
* Merge keys (``<<: *defaults``) work as in PyYAML: explicit keys win over merged ones.
"""

from __future__ import annotations

import copy
import datetime
import pathlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NoReturn

import yaml

Path_ = tuple[str | int, ...]
ParserChoice = Literal["auto", "c", "python"]

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000

_BOM = b"\xef\xbb\xbf"
# YAML's line breaks (both parsers count these), used to turn offsets into line/column.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# The characters YAML allows in a stream (same set as PyYAML's reader checks).
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Bidirectional embedding, override and isolate controls: refused in scenario files.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# ... and the same written as escapes in double-quoted text ("\u202e", "\U0000202E").
_BIDI_ESCAPED = re.compile(r"\\(?:u|U0000)(?:202[a-eA-E]|206[6-9])")
_TAG = "tag:yaml.org,2002:"
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_NO_KEY = object()  # a mapping frame waiting for its next key
_MERGE = object()  # the key ``<<``: its value is merged into the mapping


@dataclass(frozen=True, slots=True)
class Mark:
    """A position in a file; line and column are 1-based. Line 0 stands for the whole file
    or folder (one named on the command line, say), and is written without a position."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        if self.line == 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class LoadError:
    mark: Mark
    message: str

    def __str__(self) -> str:
        return f"{self.mark}: {self.message}"


class YamlLoadFailed(Exception):
    def __init__(self, error: LoadError) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass
class Document:
    """Loaded data plus the position of every value (``marks``) and mapping key (``key_marks``),
    both keyed by path from the root; the root's path is ``()``."""

    file: str
    data: Any
    marks: dict[Path_, Mark]
    key_marks: dict[Path_, Mark] = field(default_factory=dict)
    nodes: int = 0  # values built, aliases at their expanded size

    def mark_of(self, path: Sequence[str | int]) -> Mark:
        """Mark of the deepest recorded prefix of ``path``: a missing key reports its parent,
        a path inside an alias's expansion reports the alias."""
        p = tuple(path)
        while p and p not in self.marks:
            p = p[:-1]
        return self.marks.get(p, Mark(self.file, 1, 1))

    def key_mark(self, path: Sequence[str | int]) -> Mark:
        """Mark of the key of the mapping entry at ``path``; falls back to ``mark_of``."""
        mark = self.key_marks.get(tuple(path))
        return mark if mark is not None else self.mark_of(path)


def load_yaml_file(
    path: pathlib.Path,
    display_name: str | None = None,
    *,
    parser: ParserChoice = "auto",
    max_nodes: int = MAX_NODES,
    budget: str = "",
    comments_only: bool = False,
) -> Document:
    """Load a scenario file; marks name it ``display_name`` (default: the path).
    ``parser`` is for tests: "auto" uses libyaml when PyYAML was built with it.
    ``max_nodes`` lets a folder share one budget of values among its files; ``budget``
    then says so in the message. With ``comments_only`` a file holding nothing but
    comments reads as an empty mapping (a modder may comment a whole file out)."""
    file = display_name if display_name is not None else str(path)
    try:
        with path.open("rb") as stream:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:  # don't even read a huge file
                _fail(Mark(file, 1, 1), _too_big(size))
            data = stream.read(MAX_FILE_BYTES + 1)  # the file may have grown since stat
    except OSError as exc:
        _fail(Mark(file, 1, 1), f"cannot read the file ({exc.strerror or exc})")
    return load_yaml_text(
        data,
        file,
        parser=parser,
        max_nodes=max_nodes,
        budget=budget,
        scenario=True,
        comments_only=comments_only,
    )


def load_yaml_text(
    text: str | bytes,
    file: str,
    *,
    parser: ParserChoice = "auto",
    max_nodes: int = MAX_NODES,
    budget: str = "",
    max_bytes: int | None = None,
    scenario: bool = False,
    comments_only: bool = False,
) -> Document:
    """Load YAML given as bytes (must be UTF-8) or text; ``file`` names it in marks.
    A save, which embeds a whole scenario, reads with larger ``max_bytes`` and ``max_nodes``;
    a scenario file (``scenario``) may not hold bidirectional controls."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    if len(data) > (MAX_FILE_BYTES if max_bytes is None else max_bytes):
        _fail(Mark(file, 1, 1), _too_big(len(data)))
    decoded = _decode(data, file)
    if not decoded.strip(" \t\r\n"):
        _fail(Mark(file, 1, 1), "file is empty")
    bad = _NOT_PRINTABLE.search(decoded)
    if bad:  # checked here so both parsers report it the same way, with a position
        char = ord(bad.group())
        what = "a NUL byte; is this a binary file?" if char == 0 else "a control character"
        _fail(
            _mark_at(decoded, bad.start(), file), f"character U+{char:04X} is not allowed ({what})"
        )
    bidi = (_BIDI.search(decoded) or _BIDI_ESCAPED.search(decoded)) if scenario else None
    if bidi:  # text that reads one way and runs another ("trojan source")
        found = bidi.group()
        char = ord(found) if len(found) == 1 else int(found[2:], 16)
        _fail(
            _mark_at(decoded, bidi.start(), file),
            f"character U+{char:04X} is not allowed (a bidirectional control: it "
            "reorders the text around it, so what is shown is not what is written)",
        )
    if parser == "python" or (parser == "auto" and not yaml.__with_libyaml__):
        events = yaml.parse(decoded, Loader=yaml.SafeLoader)
    else:
        events = yaml.parse(decoded, Loader=yaml.CSafeLoader)
    builder = _Builder(file, max_nodes, budget, comments_only)
    try:
        root = builder.build(events)
    except yaml.YAMLError as exc:
        raise YamlLoadFailed(_from_yaml_error(exc, decoded, file)) from None
    return Document(file, root, builder.marks, builder.key_marks, builder.nodes)


def _fail(mark: Mark, message: str) -> NoReturn:
    raise YamlLoadFailed(LoadError(mark, message))


def _too_big(size: int) -> str:
    return f"file is {size} bytes, over the 2 MiB limit for a scenario file"


def _mark_at(text: str, index: int, file: str) -> Mark:
    """Mark for a character offset, counting line breaks the way YAML does."""
    line, start = 1, 0
    for brk in _BREAK.finditer(text, 0, index):
        line, start = line + 1, brk.end()
    return Mark(file, line, index - start + 1)


def _decode(data: bytes, file: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # what Windows "Unicode" saves
        _fail(Mark(file, 1, 1), "file is UTF-16 encoded; save the file as UTF-8")
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8")  # valid: it precedes the first bad byte
        mark = _mark_at(before, len(before), file)
        _fail(mark, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")


def _short(value: object) -> str:
    """repr() cut to a readable length: hostile files can have megabyte-long names."""
    text = repr(value)
    return text if len(text) <= 40 else text[:36] + "..." + text[0].strip("0123456789-")


def _resolve_plain(value: str, mark: Mark) -> Any:
    """Read an unquoted scalar the way YAML 1.1's safe loader does (with the module's
    documented exceptions). Returns ``_MERGE`` for ``<<``."""
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    node = yaml.ScalarNode(tag, value)
    try:
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return _CONSTRUCTOR.construct_yaml_bool(node)
        if tag == _TAG + "merge":
            return _MERGE
        if tag in (_TAG + "int", _TAG + "float") and ":" not in value:
            if tag == _TAG + "int":
                return _CONSTRUCTOR.construct_yaml_int(node)
            return _CONSTRUCTOR.construct_yaml_float(node)
        if tag == _TAG + "timestamp":
            stamp = _CONSTRUCTOR.construct_yaml_timestamp(node)
            return value if isinstance(stamp, datetime.datetime) else stamp
    except ValueError as exc:  # 2017-02-30, or an int over Python's 4300-digit limit
        if tag == _TAG + "timestamp":
            _fail(mark, f"{value!r} is not a valid date ({exc}); quote it if it is meant as text")
        _fail(mark, f"the number {_short(value)} is too long; quote it if it is meant as text")
    return value


@dataclass(slots=True)
class _Frame:
    """An open mapping or sequence on the explicit stack."""

    path: Path_
    value: Any  # dict or list
    anchor: str | None
    nodes_before: int  # node count before this container: its size is the difference
    height: int = 0  # deepest child container (0 if only scalars)
    key: Any = _NO_KEY  # pending mapping key, ``_MERGE``, or ``_NO_KEY``
    first_seen: dict[Any, Mark] = field(default_factory=dict)  # key -> its mark (duplicates)
    merges: list[tuple[Any, Mark]] = field(default_factory=list)  # values of ``<<`` keys


class _Builder:
    def __init__(
        self, file: str, max_nodes: int = MAX_NODES, budget: str = "", comments_only: bool = False
    ) -> None:
        self.file = file
        self.comments_only = comments_only
        self.max_nodes = max_nodes
        self.budget = budget
        self.marks: dict[Path_, Mark] = {}
        self.key_marks: dict[Path_, Mark] = {}
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # name -> (value, size, height)
        self.stack: list[_Frame] = []
        self.nodes = 0
        self.documents = 0
        self.root: Any = None
        self.root_mark = Mark(file, 1, 1)

    def mark(self, event: yaml.Event) -> Mark:
        where = event.start_mark
        return Mark(self.file, where.line + 1, where.column + 1) if where else Mark(self.file, 1, 1)

    def count(self, size: int, mark: Mark, alias: bool = False) -> None:
        self.nodes += size
        if self.nodes > self.max_nodes:
            if alias:
                _fail(
                    mark,
                    f"document too large once aliases are expanded (over {self.max_nodes} "
                    f"nodes{self.budget}); is this an alias bomb?",
                )
            _fail(mark, f"document too large (over {self.max_nodes} values{self.budget})")

    def build(self, events: Iterable[yaml.Event]) -> Any:
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    _fail(
                        self.mark(event),
                        "a second YAML document starts here; a scenario "
                        "file must hold exactly one document",
                    )
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                self.close()
            elif isinstance(event, yaml.NodeEvent):
                self.node(event)
        if self.documents == 0 and self.comments_only:
            return {}
        if self.documents == 0:
            _fail(Mark(self.file, 1, 1), "the file holds only comments: nothing to read")
        if not isinstance(self.root, dict):
            if self.root is None:  # "---" alone, or "~"
                _fail(Mark(self.file, 1, 1), "file is empty")
            kind = "a list" if isinstance(self.root, list) else "a single value"
            found = "a string" if isinstance(self.root, str) else kind
            _fail(self.root_mark, f"expected a mapping at the top of the file, found {found}")
        return self.root

    def slot(self) -> Path_ | None:
        """Path of the node about to start, or None if it is a mapping key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value))
        if top.key is _NO_KEY:
            return None
        return (*top.path, "<<" if top.key is _MERGE else top.key)

    def node(self, event: yaml.NodeEvent) -> None:
        mark = self.mark(event)
        path = self.slot()
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
            _fail(
                mark,
                f"tags are not allowed (found {_short(shown)}); write plain values, and quote "
                "strings that would otherwise be read as something else",
            )
        if path is None:
            self.key(event, mark)
            return
        self.marks[path] = mark
        if not self.stack:
            self.root_mark = mark
        if isinstance(event, yaml.AliasEvent):
            self.alias(event, mark)
        elif isinstance(event, yaml.ScalarEvent):
            self.count(1, mark)
            plain = event.implicit[0]
            value = _resolve_plain(event.value, mark) if plain else event.value
            self.place("<<" if value is _MERGE else value, 0, mark, event.anchor, 1)
        else:  # a mapping or sequence starts
            if len(self.stack) >= MAX_DEPTH:
                _fail(mark, f"nesting is too deep (more than {MAX_DEPTH} levels)")
            before = self.nodes
            self.count(1, mark)
            value = {} if isinstance(event, yaml.MappingStartEvent) else []
            self.stack.append(_Frame(path, value, event.anchor, before))

    def key(self, event: yaml.NodeEvent, mark: Mark) -> None:
        top = self.stack[-1]
        if isinstance(event, yaml.AliasEvent):
            _fail(mark, "an alias cannot be used as a mapping key")
        if not isinstance(event, yaml.ScalarEvent):
            _fail(mark, "a mapping key must be a plain name or number, not a list or mapping")
        self.count(1, mark)
        key: Any = event.value
        if event.implicit[0]:
            resolved = _resolve_plain(key, mark)
            if resolved is _MERGE or (isinstance(resolved, int) and not isinstance(resolved, bool)):
                key = resolved
            elif key == "":
                _fail(mark, "missing key before ':'")
        shown = "<<" if key is _MERGE else key
        first = top.first_seen.get(shown)
        if first is not None:
            _fail(mark, f"duplicate key {_short(shown)} (first defined at line {first.line})")
        top.first_seen[shown] = mark
        if key is not _MERGE:
            self.key_marks[(*top.path, key)] = mark
        if event.anchor is not None:
            self.anchors[event.anchor] = (key, 1, 0)
        top.key = key

    def alias(self, event: yaml.AliasEvent, mark: Mark) -> None:
        name = event.anchor or ""
        if name not in self.anchors:
            _fail(
                mark,
                f"unknown alias {_short('*' + name)} (no anchor of that name is defined before it)",
            )
        value, size, height = self.anchors[name]
        self.count(size, mark, alias=True)  # before copying: the bomb must cost nothing
        if len(self.stack) + height > MAX_DEPTH:
            _fail(mark, f"nesting is too deep once aliases are expanded (over {MAX_DEPTH} levels)")
        # Copy so that no two places in the data share a mutable list or dict; the depth
        # bound above keeps deepcopy's recursion shallow.
        self.place(copy.deepcopy(value) if height else value, height, mark, None, size)

    def close(self) -> None:
        frame = self.stack.pop()
        if frame.merges:
            self.merge(frame)
        self.place(
            frame.value,
            frame.height + 1,
            self.marks[frame.path],
            frame.anchor,
            self.nodes - frame.nodes_before,
        )

    def merge(self, frame: _Frame) -> None:
        """Apply ``<<`` entries: earlier merged mappings win over later ones, and the
        mapping's own keys win over all of them (as in PyYAML)."""
        merged: dict[Any, Any] = {}
        for value, mark in frame.merges:
            for source in value if isinstance(value, list) else [value]:
                if not isinstance(source, dict):
                    _fail(mark, "'<<' (merge) needs a mapping or a list of mappings")
                for key, item in source.items():
                    if key not in frame.value and key not in merged:
                        merged[key] = item
                        self.marks.setdefault((*frame.path, key), mark)
        frame.value = {**merged, **frame.value}

    def place(self, value: Any, height: int, mark: Mark, anchor: str | None, size: int) -> None:
        """Attach a finished value to its parent (or make it the root)."""
        if anchor is not None:
            self.anchors[anchor] = (value, size, height)
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        top.height = max(top.height, height)
        if isinstance(top.value, list):
            top.value.append(value)
        elif top.key is _MERGE:
            top.merges.append((value, mark))
            top.key = _NO_KEY
        else:
            top.value[top.key] = value
            top.key = _NO_KEY


def _from_yaml_error(exc: yaml.YAMLError, text: str, file: str) -> LoadError:
    """Turn a PyYAML/libyaml error into one line, with hints for the usual mistakes."""
    if not isinstance(exc, yaml.MarkedYAMLError):
        position = getattr(exc, "position", 0)  # a ReaderError; shouldn't get past our checks
        return LoadError(_mark_at(text, min(position, len(text)), file), str(exc).split("\n")[0])
    where = exc.problem_mark or exc.context_mark
    mark = Mark(file, where.line + 1, where.column + 1) if where else Mark(file, 1, 1)
    problem = (exc.problem or "invalid YAML").replace("\n", " ")
    context = (exc.context or "").replace("\n", " ")
    started = f" started at line {exc.context_mark.line + 1}" if exc.context_mark else ""
    lines = _BREAK.split(text)
    line_text = _line(lines, mark.line)
    char = line_text[mark.column - 1 : mark.column]
    if char == "\t" or "tab character" in problem:
        return LoadError(
            mark,
            "found character '\\t' that cannot start any token "
            "(tabs cannot indent YAML; use spaces)",
        )
    if "cannot start any token" in problem and char:
        problem = f"found character {char!r} that cannot start any token"
    elif "mapping values are not allowed" in problem:
        return LoadError(mark, _colon_here(lines, mark))
    elif "quoted scalar" in context and "end of stream" in problem and exc.context_mark:
        cm = exc.context_mark
        return LoadError(
            Mark(file, cm.line + 1, cm.column + 1),
            "unclosed quote: this quoted string never ends (add the closing quote)",
        )
    elif "maximum nesting depth" in problem:  # libyaml's own limit (1000), hit while scanning
        return LoadError(mark, f"nesting is too deep (more than {MAX_DEPTH} levels)")
    elif (
        ("block mapping" in context or "block collection" in context)
        and any(p in problem for p in ("expected key", "'-' indicator", "<block end>"))
        and exc.context_mark
    ):
        begun = Mark(file, exc.context_mark.line + 1, exc.context_mark.column + 1)
        return LoadError(mark, _out_of_line(lines, mark, begun, "block mapping" in context))
    elif "simple key" in context and "expected ':'" in problem and exc.context_mark:
        key = Mark(file, exc.context_mark.line + 1, exc.context_mark.column + 1)
        found = _what_is_at(_line(lines, key.line), key.column)
        return LoadError(
            key,
            f"expected a key and ':' here, found {found} with no ':' after it: is a ':' "
            "missing, or does this line continue the one above and is it indented wrongly?",
        )
    elif "document start" in problem:  # data after the top level ended, further left
        return LoadError(
            mark,
            "this line lines up with nothing above it: the sections of a file start at "
            "column 1, their contents indented below them; is this line, or the first, "
            "indented wrongly?",
        )
    elif "flow" in context:
        problem += " (is a ',' or a closing bracket missing?)"
    return LoadError(mark, f"{problem} ({context}{started})" if context else problem)


# The hints below read the lines around a parser's error to say in plain words what was
# expected there; the parsers themselves speak of tokens ("<block end>", "'-' indicator").
_KEY = re.compile(r"""([^\s\-?:#'"{\[][^:#]*?|'[^']*'|"[^"]*"):(\s|$)""")


def _line(lines: Sequence[str], number: int) -> str:
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _indent(line: str) -> int:
    """The column (1-based) of a line's first character that is not a space."""
    return len(line) - len(line.lstrip(" ")) + 1


def _what_is_at(line: str, column: int) -> str:
    """What a modder wrote at `column`: a list entry, a key, or some text."""
    rest = line[column - 1 :].rstrip()
    if rest == "-" or rest.startswith("- "):
        return "a list entry ('-')"
    key = _KEY.match(rest)
    if key:
        return f"the key {_short(key.group(1).strip(chr(39) + chr(34)))}"
    return f"the text {_short(rest)}" if rest else "nothing"


def _entry_keys_column(line: str, dash: int) -> int | None:
    """The column of the keys of a list entry written '- key: value' with its '-' at
    `dash`, or None when the entry is not a mapping."""
    after = line[dash:]
    rest = after.lstrip(" ")
    column = dash + 1 + len(after) - len(rest)
    return column if _KEY.match(rest) else None


def _out_of_line(lines: Sequence[str], mark: Mark, begun: Mark, mapping: bool) -> str:
    """A line that lines up with no mapping or list open above it (or text left over after
    a value: a quote inside quoted text ends it early)."""
    line = _line(lines, mark.line)
    found = _what_is_at(line, mark.column)
    if mark.column > _indent(line):  # mid-line: something follows a finished value
        quoted = re.search(r"""(["'])[^"']*\1""", line[: mark.column - 1])
        if quoted:
            return (
                f"the text goes on after the quoted text ending at column {quoted.end()}: "
                "a quote inside quoted text ends it (put text holding an apostrophe in "
                "double quotes, or write the apostrophe twice: 'Kerensky''s')"
            )
        return f"expected the end of the line after the value, found {found}"
    kind = "mapping" if mapping else "list"
    further = f" (or a line further left, ending that {kind})" if begun.column > 1 else ""
    if mapping and found.startswith("a list entry") and mark.column == begun.column:
        return (
            f"found a list entry ('-') among the keys of the mapping begun at line {begun.line}: "
            "a list is the value of a key (write 'name:' and indent its entries below it); "
            "is this line, or one above it, indented wrongly?"
        )
    if mapping:
        return (
            f"this line does not line up: expected a key at column {begun.column} as in the "
            f"mapping begun at line {begun.line}{further}, found {found}; is this line, or one "
            "above it, indented wrongly?"
        )
    message = (
        f"this line does not line up: expected another list entry ('- ...') at column "
        f"{begun.column} as in the list begun at line {begun.line}{further}, found {found}; "
        "is this line indented wrongly?"
    )
    keys = _entry_keys_column(_line(lines, begun.line), begun.column)
    if found.startswith("the key") and keys is not None and keys != mark.column:
        message += f" A key of the entry above goes at column {keys}, in line with its keys."
    return message


def _colon_here(lines: Sequence[str], mark: Mark) -> str:
    """The parsers' "mapping values are not allowed here": a ':' where YAML reads a value's
    text, most often because the line is indented further than the line before it."""
    line = _line(lines, mark.line)
    above = next(
        (
            n
            for n in range(mark.line - 1, 0, -1)
            if _line(lines, n).strip() and not _line(lines, n).lstrip().startswith("#")
        ),
        0,
    )
    before = _line(lines, above)
    stripped = line.lstrip(" ")
    if above and _indent(line) > _indent(before) and stripped.startswith("- "):
        return (
            f"this line is indented further than line {above}, so it reads as more of line "
            f"{above}'s value, where ':' cannot follow: line its '-' up with the other "
            "entries of its list, or indent it under a key of its own"
        )
    if above and _indent(line) > _indent(before) and _KEY.match(stripped):
        dash = _indent(before)
        keys = (
            _entry_keys_column(before, dash)
            if before.lstrip().startswith("- ")
            else (dash if _KEY.match(before.lstrip(" ")) else None)
        )
        if keys is not None:
            return (
                f"this line is indented further than line {above}, so it reads as more of "
                f"line {above}'s value, where ':' cannot follow: if it is another key, line it "
                f"up with the keys of line {above} (column {keys}); if it is text, quote it"
            )
    return (
        "mapping values are not allowed here (is a space missing after a ':', or is "
        "this line indented wrongly? quote text that contains ': ')"
    )
