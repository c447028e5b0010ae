"""Our messages' rich markup as text, without importing rich: values escaped, French typography
on the text, and the plain text a pipe gets.

Every message is written in rich's markup (``[bold]Prochaine action :[/] {action}``). On a
terminal rich draws it (``typeset.FrenchConsole``); in a pipe, a file or a log nothing is drawn:
rich would print the text with its tags taken out, one message per line. ``plain`` gives that
text here, so that ``status | grep`` or a cron job's mail does not wait for rich's import
(about 15 ms of ``status``). It follows rich's own markup rules, and ``tests/test_markup.py``
checks it against rich on generated markup: where rich's output is not that simple (a tab, a
closing tag that names its style or closes nothing), ``plain`` answers ``None`` and the
console prints it.
"""

from __future__ import annotations

import re

from opalexe_cert.domain.typography import french

# rich's markup tags (``[bold]``, ``[/]``, ``[link=…]``), as its documentation describes them;
# an odd number of backslashes before ``[`` escapes the bracket.
RE_TAGS = re.compile(r"((\\*)\[([a-z#/@][^[]*?)])")
_STRIPPED = dict.fromkeys((7, 8, 11, 12, 13))
"""The control characters rich leaves out of any text it prints (bell, backspace, vertical
tab, form feed, carriage return)."""


def escape(text: object) -> str:
    """``text`` shown as is in markup, even with square brackets or a trailing backslash
    (rich's ``markup.escape``, to the character)."""
    escaped = RE_TAGS.sub(lambda m: f"{m[2]}{m[2]}\\{m[1][len(m[2]) :]}", str(text))
    if escaped.endswith("\\") and not escaped.endswith("\\\\"):
        return escaped + "\\"
    return escaped


def markup(template: str, /, **values: object) -> str:
    """``template`` (markup written by us) with each value escaped."""
    return template.format_map({name: escape(value) for name, value in values.items()})


def plain(markup: str) -> str | None:
    """The text rich prints of ``markup`` without a terminal (no styles): its tags taken out
    and its escapes undone, the control characters rich drops dropped. ``None`` when only rich
    can say: a tab (rich expands it), a closing tag that names its style or closes nothing (rich
    matches the name, or refuses the markup), or an ``[@action]`` tag."""
    if "\t" in markup:
        return None
    parts: list[str] = []
    position = 0
    depth = 0
    for match in RE_TAGS.finditer(markup):
        whole, escapes, tag = match.groups()
        if match.start() > position:
            parts.append(markup[position : match.start()].replace("\\[", "["))
        position = match.end()
        backslashes, escaped = divmod(len(escapes), 2)
        parts.append("\\" * backslashes)
        if escaped:
            parts.append(whole[len(escapes) :])
            continue
        name = tag.partition("=")[0]
        if name.startswith("@"):
            return None  # an action for rich's event handlers: its parameters are evaluated
        if not name.startswith("/"):
            depth += 1
        elif depth and not name[1:].strip():
            depth -= 1
        else:
            return None
    parts.append(markup[position:].replace("\\[", "["))
    return "".join(parts).translate(_STRIPPED)


def french_markup(markup: str) -> str:
    """``french`` applied to the text of rich markup, leaving its ``[tags]`` alone."""
    parts: list[str] = []
    position = 0
    text = ""  # the text so far, without the tags: a mark at the very start follows no word
    for tag in RE_TAGS.finditer(markup):
        backslashes = tag.group(2)
        if len(backslashes) % 2:  # an escaped bracket: it is text
            continue
        segment = markup[position : tag.start()]
        parts.append(_segment(segment, first=not text.strip()))
        text += segment
        parts.append(tag.group(0))
        position = tag.end()
    parts.append(_segment(markup[position:], first=not text.strip()))
    return "".join(parts)


_LEADING_PUNCT = re.compile(r"[ \u00a0\u202f]*([:;?!»])")


def _segment(text: str, *, first: bool) -> str:
    """``french`` on the text between two tags. A segment that starts with « : » follows a
    word closed by a tag (``[yellow]non vérifié[/] : …``): its space is a no-break one."""
    prefix = ""
    while not first and (leading := _LEADING_PUNCT.match(text)) is not None:
        mark = leading.group(1)
        prefix += ("\u00a0" if mark in ":»" else "\u202f") + mark
        text = text[leading.end() :]
    return prefix + french(text)


def lower_first(message: str) -> str:
    """« Votre pièce… » → « votre pièce… », for a message after « Attention : ».

    Only a word in plain capitalisation is lowered: ``SIREN``, ``CertEurope`` keep theirs.
    """
    word = message.split(" ", 1)[0]
    if len(word) > 1 and word[0].isupper() and word[1:] == word[1:].lower():
        return message[0].lower() + message[1:]
    return message


_SENTENCE_END = re.compile(r"(?<=[.?!…])\s+(?=[A-ZÀ-Ý«])")
_COLON = re.compile(r"[ \u00a0\u202f]:")


def has_colon(message: str) -> bool:
    """Whether the first sentence of ``message`` has a colon (« aucun renouvellement à
    annuler : … »): a prefix ending in a colon would give that sentence two."""
    return bool(_COLON.search(_SENTENCE_END.split(message, maxsplit=1)[0]))
