"""Names as French usage writes them (``docs/typography.md``): ``Jean-François de SAINT-EXUPÉRY``.

Given names are capitalised part by part (after a space, a hyphen or an apostrophe); the
surname is in capitals, accents kept (``LŒWENBRUCK``, ``D’AUBIGNÉ``), except its leading
particles (*de*, *d’*, *du*, *des*, *de la*), which stay in lower case. Applied once, when a
name is recorded, so that every screen, letter and label shows the same spelling.
"""

from __future__ import annotations

import re

_APOSTROPHES = "'’"
_PARTICLES = ("de la", "de l’", "des", "du", "de", "d’")
_WORD = re.compile(r"[^\s\-’]+|[\s\-’]+")


def _squash(text: str) -> str:
    """Collapse runs of spaces and use the typographic apostrophe."""
    for mark in _APOSTROPHES:
        text = text.replace(mark, "’")
    text = re.sub(r"\s*-\s*", "-", text.strip())
    text = re.sub(r"\s*’\s*", "’", text)
    return re.sub(r"\s+", " ", text)


def _capitalise(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def given_names(text: str) -> str:
    """``jean-françois  marie`` → ``Jean-François Marie``."""
    return "".join(
        _capitalise(part) if part[0] not in " -’" else part for part in _WORD.findall(_squash(text))
    )


def surname(text: str) -> str:
    """``de saint-exupéry`` → ``de SAINT-EXUPÉRY``; ``d'aubigné de saint-éloi`` →
    ``d’AUBIGNÉ de SAINT-ÉLOI``: a particle standing as a word of its own stays in lower case,
    wherever it is, unless it is the whole name."""
    words = _squash(text).split(" ")
    if len(words) == 1 and "’" not in words[0]:
        return words[0].upper()
    spelled: list[str] = []
    for index, word in enumerate(words):
        lowered = word.lower()
        last = index == len(words) - 1
        if not last and (
            lowered in ("de", "du", "des")
            or (lowered in ("la", "l’") and spelled and spelled[-1] == "de")
        ):
            spelled.append(lowered)
        elif len(word) > 2 and (
            lowered.startswith("d’") or (lowered.startswith("l’") and spelled[-1:] == ["de"])
        ):
            spelled.append(lowered[:2] + word[2:].upper())
        else:
            spelled.append(word.upper())
    return " ".join(spelled)


def split_particle(name: str) -> tuple[str, str]:
    """The leading particle (``de``, ``d’``…, or ``""``) and the rest of a normalised surname."""
    lowered = name.lower()
    for particle in _PARTICLES:
        head = particle if particle.endswith("’") else particle + " "
        if lowered.startswith(head) and name[: len(head)] == head:
            return head.rstrip(), name[len(head) :]
    return "", name


_PARTICLE_WORDS = frozenset({"de", "du", "des", "la", "d’", "l’"})


def full_name(text: str) -> str:
    """``claire martin`` → ``Claire MARTIN``; ``Jean de LA FONTAINE`` kept as such.

    The surname is the words from the first one typed in capitals, or else the last word
    with the particles just before it.
    """
    words = _squash(text).split(" ")
    if len(words) < 2:
        return surname(text)
    start = next(
        (i for i, w in enumerate(words) if i > 0 and len(w) > 1 and w.isupper()), len(words) - 1
    )
    while start > 1 and words[start - 1].lower() in _PARTICLE_WORDS:
        start -= 1
    return f"{given_names(' '.join(words[:start]))} {surname(' '.join(words[start:]))}"
