"""Splitting a pasted command line into words, as a shell would, without running anything.

POSIX shells (bash, zsh) are read in full: single, double and ``$'...'`` quotes, backslashes and
backslash-newline continuations. ``$NAME`` and ``${NAME}`` become ``{{NAME}}`` references (the
shell would have read them from the environment; Workbench reads them from variables). Command
substitution is refused: importing never runs code. The command ends at a newline or at a shell
operator (``|``, ``;``, ``&&``, ``>``...); what follows is returned as `Words.rest`.

Windows ``cmd`` (``^`` continuations) and PowerShell (backtick continuations) are recognised by
their line endings and read by `shell_windows`.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from workbench.formats.common import place
from workbench.formats.errors import FormatError

Style = Literal["posix", "cmd", "powershell"]

BLANKS = " \t\r"  # a lone CR is what a Windows clipboard leaves before LF
OPERATORS = "|;&<>()"
_ESCAPES = {"a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n", "r": "\r"}
_ESCAPES |= {"t": "\t", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}


class Word(NamedTuple):
    """One argument and the offset in the text where it starts."""

    text: str
    start: int


class Words(NamedTuple):
    """The words of the first command in the text."""

    words: tuple[Word, ...]
    variables: tuple[str, ...]
    """Shell variables met (``$TOKEN``), now ``{{TOKEN}}`` in the words."""
    rest: str
    """Text after the command (after a pipe, a redirection or a newline), stripped."""
    rest_at: int
    """Offset of `rest` in the text."""
    style: Style


class Scanner:
    """Shared state of the readers: the text, the position, the words found so far."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.words: list[Word] = []
        self.variables: list[str] = []
        self.rest = ""
        self.rest_at = len(text)

    def fail(self, message: str, at: int) -> FormatError:
        """An error naming the place in the text."""
        return FormatError(message, where=place(self.text, at))

    def peek(self, ahead: int = 0) -> str:
        """The character `ahead` of the position, or "" past the end."""
        at = self.i + ahead
        return self.text[at] if at < len(self.text) else ""

    def line_break(self, at: int) -> int:
        """Length of the line break at `at` (LF or CR LF), 0 when there is none."""
        if self.text.startswith("\n", at):
            return 1
        return 2 if self.text.startswith("\r\n", at) else 0

    def variable(self, name: str) -> str:
        """A shell variable as a Workbench reference."""
        if name not in self.variables:
            self.variables.append(name)
        return "{{" + name + "}}"

    def stop(self, at: int) -> None:
        """End the command here; keep what follows as the rest."""
        tail = self.text[at:]
        self.rest = tail.strip()
        self.rest_at = at + len(tail) - len(tail.lstrip())
        self.i = len(self.text)

    def result(self, style: Style) -> Words:
        """What was read."""
        return Words(tuple(self.words), tuple(self.variables), self.rest, self.rest_at, style)


def split_command(text: str) -> Words:
    """The words of the first command in `text` (shell style guessed from its line endings)."""
    lines = [line.rstrip() for line in text.split("\n")]
    if any(line.endswith("`") for line in lines):
        from workbench.formats.shell_windows import split_powershell

        return split_powershell(text)
    if any(line.endswith("^") for line in lines) or '^"' in text:
        from workbench.formats.shell_windows import split_cmd

        return split_cmd(text)
    return PosixReader(text).run()


class PosixReader(Scanner):
    """bash/zsh quoting rules."""

    def run(self) -> Words:
        """Read words until the end of the command."""
        while self.i < len(self.text):
            char = self.peek()
            if char in BLANKS:
                self.i += 1
            elif char == "\\" and self.line_break(self.i + 1):
                self.i += 1 + self.line_break(self.i + 1)
            elif char == "\n":
                self.stop(self.i + 1)
            elif char == "#":
                end = self.text.find("\n", self.i)
                self.i = len(self.text) if end < 0 else end
            elif char in OPERATORS:
                self.stop(self.i)
            else:
                self._word()
        return self.result("posix")

    def _word(self) -> None:
        start, quoted = self.i, False
        out: list[str] = []
        while self.i < len(self.text):
            char = self.peek()
            if char in BLANKS or char == "\n" or char in OPERATORS:
                break
            quoted |= char in "'\"$\\"
            if char == "\\" and self.line_break(self.i + 1):
                self.i += 1 + self.line_break(self.i + 1)
            elif char == "\\":
                out.append(self.peek(1))
                self.i += 2
            elif char == "'":
                out.append(self._single())
            elif char == '"':
                out.append(self._double())
            elif char == "$":
                out.append(self._dollar(in_double=False))
            elif char == "`":
                raise self.fail(_SUBSTITUTION, self.i)
            else:
                out.append(char)
                self.i += 1
        text = "".join(out)
        if not quoted and text.isdigit() and self.peek() in ("<", ">"):
            return  # a file descriptor number: ``2>/dev/null``
        self.words.append(Word(text, start))

    def _single(self) -> str:
        end = self.text.find("'", self.i + 1)
        if end < 0:
            raise self.fail("This single quote is never closed.", self.i)
        value = self.text[self.i + 1 : end]
        self.i = end + 1
        return value

    def _double(self) -> str:
        start = self.i
        out: list[str] = []
        self.i += 1
        while True:
            char = self.peek()
            if char == "":
                raise self.fail("This double quote is never closed.", start)
            if char == '"':
                self.i += 1
                return "".join(out)
            if char == "\\" and self.line_break(self.i + 1):
                self.i += 1 + self.line_break(self.i + 1)
            elif char == "\\" and self.peek(1) in '$`"\\':
                out.append(self.peek(1))
                self.i += 2
            elif char == "$":
                out.append(self._dollar(in_double=True))
            elif char == "`":
                raise self.fail(_SUBSTITUTION, self.i)
            else:
                out.append(char)
                self.i += 1

    def _dollar(self, *, in_double: bool) -> str:
        nxt = self.peek(1)
        if nxt == "'" and not in_double:
            return self._ansi_c()
        if nxt == "(":
            raise self.fail(_SUBSTITUTION, self.i)
        if nxt == "{":
            end = self.text.find("}", self.i)
            name = self.text[self.i + 2 : end] if end > 0 else ""
            if not _is_name(name):
                raise self.fail(
                    f"The shell expansion {self.text[self.i : end + 1 or None]!r} cannot be "
                    "imported; write the value itself or a plain $NAME.",
                    self.i,
                )
            self.i = end + 1
            return self.variable(name)
        end = self.i + 1
        while end < len(self.text) and _is_name(self.text[self.i + 1 : end + 1]):
            end += 1
        if end == self.i + 1:
            self.i += 1
            return "$"
        name = self.text[self.i + 1 : end]
        self.i = end
        return self.variable(name)

    def _ansi_c(self) -> str:
        start = self.i
        out: list[str] = []
        self.i += 2
        while True:
            char = self.peek()
            if char == "":
                raise self.fail("This $'...' quote is never closed.", start)
            self.i += 1
            if char == "'":
                return "".join(out)
            if char != "\\":
                out.append(char)
                continue
            out.append(self._ansi_escape())

    def _ansi_escape(self) -> str:
        code = self.peek()
        self.i += 1
        if code in _ESCAPES:
            return _ESCAPES[code]
        digits = {"x": 2, "u": 4, "U": 8}.get(code)
        if digits is not None:
            hexa = _take(self.text, self.i, digits, "0123456789abcdefABCDEF")
            self.i += len(hexa)
            return chr(int(hexa, 16)) if hexa else "\\" + code
        if code in "01234567":
            octal = code + _take(self.text, self.i, 2, "01234567")
            self.i += len(octal) - 1
            return chr(int(octal, 8) & 0xFF)
        if code == "c" and self.peek():
            self.i += 1
            return chr(ord(self.text[self.i - 1]) & 0x1F)
        return "\\" + code


_SUBSTITUTION = "Command substitution cannot be imported: Workbench never runs commands."


def _is_name(text: str) -> bool:
    return bool(text) and (text[0].isalpha() or text[0] == "_") and text.replace("_", "a").isalnum()


def _take(text: str, start: int, most: int, allowed: str) -> str:
    end = start
    while end < len(text) and end - start < most and text[end] in allowed:
        end += 1
    return text[start:end]
