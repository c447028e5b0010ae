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


def _article(word: str, typed_de: str) -> str:
    """The article after « de » (``la``, ``l’``): with its capital when it was typed with one
    after a « de » typed in lower case (« de La ROCHEFOUCAULD »: the article belongs to the
    name), else in lower case (« de la TOUR »)."""
    capital = typed_de == "de" and word[:1].isupper()
    return (word[:1].upper() if capital else word[:1].lower()) + word[1:2].lower()


def surname(text: str) -> str:
    """``de saint-exupéry`` → ``de SAINT-EXUPÉRY``; ``d'aubigné de saint-éloi`` →
    ``d’AUBIGNÉ de SAINT-ÉLOI``: a particle standing as a word of its own stays in lower case,
    wherever it is, unless it is the whole name. The article after « de » keeps the capital
    typed (``de La Rochefoucauld`` → ``de La ROCHEFOUCAULD``; ``article_question`` says when
    the typing does not tell)."""
    words = _squash(text).split(" ")
    if len(words) == 1 and "’" not in words[0]:
        return words[0].upper()
    spelled: list[str] = []
    for index, word in enumerate(words):
        lowered = word.lower()
        last = index == len(words) - 1
        after_de = index > 0 and spelled[-1] == "de"
        if not last and lowered in ("de", "du", "des"):
            spelled.append(lowered)
        elif not last and lowered in ("la", "l’") and after_de:
            spelled.append(_article(word, words[index - 1]))
        elif len(word) > 2 and lowered.startswith("d’"):
            spelled.append(lowered[:2] + word[2:].upper())
        elif len(word) > 2 and lowered.startswith("l’") and after_de:
            spelled.append(_article(word, words[index - 1]) + word[2:].upper())
        else:
            spelled.append(word.upper())
    return " ".join(spelled)


def article_question(text: str) -> str | None:
    """When a surname typed with « de la » or « de l’ » does not tell whether the article is
    part of the name (« de La ROCHEFOUCAULD ») or of the particle (« de la TOUR »), the
    question to ask the expert (French); else ``None``.

    The typing tells when « de » is in lower case and the name holds a capital: the article's
    own case is then the one meant. All in capitals or all in lower case, it does not.
    """
    words = _squash(text).split(" ")
    unsure = any(
        index > 0
        and words[index - 1].lower() == "de"
        and (word.lower() in ("la", "l’") or (len(word) > 2 and word.lower().startswith("l’")))
        and (words[index - 1] != "de" or text == text.lower())
        for index, word in enumerate(words[:-1] if words[-1].lower() in ("la", "l’") else words)
    )
    if not unsure:
        return None
    lower = surname(text.lower())
    upper = surname(
        " ".join(
            "de"
            if w.lower() == "de"
            else (w[:1].upper() + w[1:] if w.lower().startswith(("la", "l’")) else w.upper())
            for w in words
        )
    )
    example = "" if upper == "de La ROCHEFOUCAULD" else ", comme « de La ROCHEFOUCAULD »"
    return (
        f"dans « {' '.join(words)} », l’article fait-il partie du nom ? Écrivez le nom comme il "
        f"doit être imprimé, « de » en minuscules, soit « {upper} » (l’article avec sa "
        f"capitale{example}), soit « {lower} » (l’article en minuscules)"
    )


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
    start = _surname_start(words)
    return f"{given_names(' '.join(words[:start]))} {surname(' '.join(words[start:]))}"


def _surname_start(words: list[str]) -> int:
    start = next(
        (i for i, w in enumerate(words) if i > 0 and len(w) > 1 and w.isupper()), len(words) - 1
    )
    while start > 1 and words[start - 1].lower() in _PARTICLE_WORDS:
        start -= 1
    return start


def typed_surname(text: str) -> str:
    """The surname part of « Prénom NOM » as typed (see ``full_name``)."""
    words = _squash(text).split(" ")
    return " ".join(words[_surname_start(words) :]) if len(words) > 1 else text
