"""Windows command lines: ``cmd`` (``^`` escapes) and PowerShell (backtick escapes).

Browsers' "Copy as cURL (cmd)" escapes nearly every character with ``^``; cmd removes the carets
and the program's argument parser then applies its own double-quote and backslash rules, so the
text is read in those two passes. ``%NAME%`` and PowerShell's ``$env:NAME``/``$NAME`` become
``{{NAME}}`` references.
"""

from __future__ import annotations

import re

from workbench.formats.shell_words import BLANKS, Scanner, Word, Words

_CMD_VARIABLE = re.compile(r"%([A-Za-z_][A-Za-z0-9_]*)%")
_PS_VARIABLE = re.compile(
    r"\$(?:env:)?([A-Za-z_][A-Za-z0-9_]*)|\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}"
)
_PS_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "a": "\a", "b": "\b", "e": "\x1b"}


def split_cmd(text: str) -> Words:
    """cmd.exe: carets escape, ``^`` at a line end continues; then Windows argv quoting."""
    scan = Scanner(text)
    chars: list[tuple[str, int]] = []  # what cmd passes on, with each character's offset
    in_quote = False
    while scan.i < len(text):
        char, at = text[scan.i], scan.i
        match = _CMD_VARIABLE.match(text, scan.i)
        if match:
            chars += [(c, at) for c in scan.variable(match.group(1))]
            scan.i = match.end()
            continue
        scan.i += 1
        if char == "^" and not in_quote and scan.line_break(scan.i):
            scan.i += scan.line_break(scan.i)  # a continued line
        elif char == "^" and not in_quote:
            if scan.peek():
                chars.append((scan.peek(), at))
            scan.i += 1
        elif char == "\n" and not in_quote:
            scan.stop(scan.i)
        elif char in "|&<>" and not in_quote:
            scan.stop(at)
        else:
            in_quote ^= char == '"'
            chars.append((char, at))
    _argv(scan, chars)
    return scan.result("cmd")


def _argv(scan: Scanner, chars: list[tuple[str, int]]) -> None:
    """The Microsoft C runtime's rules: ``"`` toggles quoting; ``\\"`` is a literal quote."""
    out: list[str] = []
    start: int | None = None
    in_quote = False
    i = 0
    while i < len(chars):
        char, at = chars[i]
        if char in BLANKS + "\n" and not in_quote:
            if start is not None:
                scan.words.append(Word("".join(out), start))
                out, start = [], None
            i += 1
            continue
        start = at if start is None else start
        if char == "\\":
            run = 0
            while i + run < len(chars) and chars[i + run][0] == "\\":
                run += 1
            i += run
            if i < len(chars) and chars[i][0] == '"':
                out.append("\\" * (run // 2))
                if run % 2:
                    out.append('"')
                    i += 1
            else:
                out.append("\\" * run)
            continue
        if char == '"':
            in_quote = not in_quote
        else:
            out.append(char)
        i += 1
    if in_quote:
        raise scan.fail("This double quote is never closed.", _last_quote(chars))
    if start is not None:
        scan.words.append(Word("".join(out), start))


def _last_quote(chars: list[tuple[str, int]]) -> int:
    return next((at for char, at in reversed(chars) if char == '"'), 0)


def split_powershell(text: str) -> Words:
    """PowerShell: backtick escapes and continues lines; ``'...'`` is literal, ``"..."`` expands."""
    scan = Scanner(text)
    while scan.i < len(text):
        char = scan.peek()
        if char in BLANKS:
            scan.i += 1
        elif char == "`" and scan.line_break(scan.i + 1):
            scan.i += 1 + scan.line_break(scan.i + 1)
        elif char == "\n":
            scan.stop(scan.i + 1)
        elif char == "#":
            end = text.find("\n", scan.i)
            scan.i = len(text) if end < 0 else end
        elif char in "|;<>":
            scan.stop(scan.i)
        else:
            _ps_word(scan)
    return scan.result("powershell")


def _ps_word(scan: Scanner) -> None:
    start, out = scan.i, []
    while scan.i < len(scan.text):
        char = scan.peek()
        if char in BLANKS + "\n|;<>":
            break
        if char == "`":
            out.append(_ps_escape(scan))
        elif char == "'":
            out.append(_ps_single(scan))
        elif char == '"':
            out.append(_ps_double(scan))
        elif char == "$":
            out.append(_ps_dollar(scan))
        else:
            out.append(char)
            scan.i += 1
    scan.words.append(Word("".join(out), start))


def _ps_escape(scan: Scanner) -> str:
    if scan.line_break(scan.i + 1):
        scan.i += 1 + scan.line_break(scan.i + 1)
        return ""
    nxt = scan.peek(1)
    scan.i += 2
    return _PS_ESCAPES.get(nxt, nxt)


def _ps_single(scan: Scanner) -> str:
    start, out = scan.i, []
    scan.i += 1
    while True:
        char = scan.peek()
        if char == "":
            raise scan.fail("This single quote is never closed.", start)
        scan.i += 1
        if char == "'" and scan.peek() == "'":
            out.append("'")
            scan.i += 1
        elif char == "'":
            return "".join(out)
        else:
            out.append(char)


def _ps_double(scan: Scanner) -> str:
    start, out = scan.i, []
    scan.i += 1
    while True:
        char = scan.peek()
        if char == "":
            raise scan.fail("This double quote is never closed.", start)
        if char == '"' and scan.peek(1) == '"':
            out.append('"')
            scan.i += 2
        elif char == '"':
            scan.i += 1
            return "".join(out)
        elif char == "`":
            out.append(_ps_escape(scan))
        elif char == "$":
            out.append(_ps_dollar(scan))
        else:
            out.append(char)
            scan.i += 1


def _ps_dollar(scan: Scanner) -> str:
    if scan.peek(1) == "(":
        raise scan.fail(
            "Subexpressions $(...) cannot be imported: Workbench never runs commands.", scan.i
        )
    match = _PS_VARIABLE.match(scan.text, scan.i)
    if not match:
        scan.i += 1
        return "$"
    scan.i = match.end()
    return scan.variable(match.group(1) or match.group(2))
