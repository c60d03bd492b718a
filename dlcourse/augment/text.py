"""Text augmentation from the lecture's list: OCR errors, keyboard typos, random edits, word swaps.

Each function takes a string or a list of strings, changes each eligible
character (or word) with probability `p`, and is seeded: the same `seed`
gives the same output. `seed` is an int or a `np.random.Generator` (to draw
fresh errors on every call of a training loop).

    >>> ocr_errors("hello world", p=1.0)
    'h3110 w0r1d'
"""

from __future__ import annotations

import string
from typing import Any

import numpy as np

from dlcourse import _validate

Seed = int | np.random.Generator

# Look-alikes an OCR engine confuses: o->0, i/l->1, e->3, s->5 as in the
# lecture, plus z->2, B->8 and g->9. One direction only (letter to digit).
OCR_SWAPS: dict[str, str] = {
    "o": "0", "O": "0", "D": "0",
    "i": "1", "I": "1", "l": "1",
    "z": "2", "Z": "2",
    "e": "3", "E": "3",
    "s": "5", "S": "5",
    "B": "8",
    "g": "9",
}

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _qwerty_neighbours() -> dict[str, str]:
    """Keys touching each letter on a QWERTY keyboard (rows are staggered by half a key)."""
    neighbours: dict[str, str] = {}
    for r, row in enumerate(_ROWS):
        for i, key in enumerate(row):
            near = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            if r > 0:  # the row above sits half a key to the left: columns i and i + 1
                near += [_ROWS[r - 1][j] for j in (i, i + 1) if j < len(_ROWS[r - 1])]
            if r < len(_ROWS) - 1:  # the row below: columns i - 1 and i
                near += [_ROWS[r + 1][j] for j in (i - 1, i) if 0 <= j < len(_ROWS[r + 1])]
            neighbours[key] = "".join(sorted(near))
    return neighbours


KEYBOARD_NEIGHBOURS: dict[str, str] = _qwerty_neighbours()
EDITS = ("insert", "delete", "substitute", "swap")


def _texts(text: Any) -> tuple[list[str], bool]:
    if isinstance(text, str):
        return [text], True
    if isinstance(text, (list, tuple)) and all(isinstance(t, str) for t in text):
        return list(text), False
    raise TypeError(
        f"Expected `text` as a string or a list of strings. Received: {type(text).__name__}"
    )


def _result(texts: list[str], single: bool) -> str | list[str]:
    return texts[0] if single else texts


def ocr_errors(text: str | list[str], p: float = 0.1, *, seed: Seed = 0) -> str | list[str]:
    """Replaces letters by the digits an OCR engine mistakes them for (see `OCR_SWAPS`).

    Args:
        text: a string or a list of strings.
        p: probability that each letter in `OCR_SWAPS` is replaced.
            Defaults to `0.1`.
        seed: an int or a `np.random.Generator`. Defaults to `0`.

    Returns:
        The changed text(s), same type as `text`.

    Example:
        >>> ocr_errors("Boolean logic", p=1.0)
        '80013an 1091c'
    """
    texts, single = _texts(text)
    p = _validate.probability(p)
    rng = _validate.rng(seed)
    out = []
    for t in texts:
        hits = rng.random(len(t)) < p
        out.append("".join(OCR_SWAPS.get(c, c) if hit else c
                           for c, hit in zip(t, hits, strict=True)))
    return _result(out, single)


def _neighbour(c: str, rng: np.random.Generator) -> str:
    near = KEYBOARD_NEIGHBOURS.get(c.lower())
    if not near:
        return c
    new = near[rng.integers(len(near))]
    return new.upper() if c.isupper() else new


def keyboard_typos(text: str | list[str], p: float = 0.05, *,
                   seed: Seed = 0) -> str | list[str]:
    """Replaces letters by a neighbouring key on a QWERTY keyboard (case kept).

    Args:
        text: a string or a list of strings.
        p: probability that each letter is replaced. Defaults to `0.05`.
        seed: an int or a `np.random.Generator`. Defaults to `0`.

    Returns:
        The changed text(s), same type as `text`.

    Example:
        >>> typo = keyboard_typos("s", p=1.0)
        >>> typo in KEYBOARD_NEIGHBOURS["s"]
        True
    """
    texts, single = _texts(text)
    p = _validate.probability(p)
    rng = _validate.rng(seed)
    out = []
    for t in texts:
        hits = rng.random(len(t)) < p
        out.append("".join(_neighbour(c, rng) if hit else c
                           for c, hit in zip(t, hits, strict=True)))
    return _result(out, single)


def random_edits(text: str | list[str], p: float = 0.05, *,
                 edits: tuple[str, ...] = EDITS, alphabet: str = string.ascii_lowercase,
                 seed: Seed = 0) -> str | list[str]:
    """Applies random character edits: insert, delete, substitute, swap with the next one.

    Each position gets one edit, chosen uniformly from `edits`, with
    probability `p`.

    Args:
        text: a string or a list of strings.
        p: probability of an edit at each position. Defaults to `0.05`.
        edits: which edits to use, a subset of `EDITS`. Defaults to all four.
        alphabet: characters to insert or substitute. Defaults to
            `string.ascii_lowercase`.
        seed: an int or a `np.random.Generator`. Defaults to `0`.

    Returns:
        The changed text(s), same type as `text`.

    Example:
        >>> random_edits("abc", p=1.0, edits=("delete",))
        ''
    """
    texts, single = _texts(text)
    p = _validate.probability(p)
    rng = _validate.rng(seed)
    edits = tuple(edits) if not isinstance(edits, str) else (edits,)
    if not edits or any(e not in EDITS for e in edits):
        raise ValueError(f"Expected `edits` as a non-empty subset of {EDITS}. "
                         f"Received: edits={edits!r}")
    if not isinstance(alphabet, str) or not alphabet:
        raise ValueError(f"Expected `alphabet` as a non-empty string. Received: {alphabet!r}")
    out = []
    for t in texts:
        chars, result, i = list(t), [], 0
        while i < len(chars):
            c = chars[i]
            if rng.random() >= p:
                result.append(c)
            else:
                edit = edits[rng.integers(len(edits))]
                if edit == "insert":
                    result += [alphabet[rng.integers(len(alphabet))], c]
                elif edit == "substitute":
                    result.append(alphabet[rng.integers(len(alphabet))])
                elif edit == "swap" and i + 1 < len(chars):
                    result += [chars[i + 1], c]
                    i += 1  # the next character has moved already
                elif edit == "swap":
                    result.append(c)  # nothing after the last character to swap with
                # delete: append nothing
            i += 1
        out.append("".join(result))
    return _result(out, single)


def word_swaps(text: str | list[str], p: float = 0.1, *,
               synonyms: dict[str, list[str]] | None = None,
               seed: Seed = 0) -> str | list[str]:
    """Swaps neighbouring words and, with a synonym dictionary, substitutes whole words.

    First every word found in `synonyms` (lower case) is replaced by one of
    its synonyms with probability `p`; then, left to right, each pair of
    neighbouring words is swapped with probability `p` (a swapped word is not
    swapped again). Words are split on whitespace and joined with one space.

    Args:
        text: a string or a list of strings.
        p: probability of each substitution and each swap. Defaults to `0.1`.
        synonyms: word -> list of replacements, e.g. from a thesaurus or the
            nearest word2vec neighbours. Defaults to `None` (swaps only).
        seed: an int or a `np.random.Generator`. Defaults to `0`.

    Returns:
        The changed text(s), same type as `text`.

    Example:
        >>> word_swaps("the quick fox", p=1.0)
        'quick the fox'
        >>> word_swaps("a quick fox", p=1.0, synonyms={"quick": ["fast"]}).split()[0]
        'fast'
    """
    texts, single = _texts(text)
    p = _validate.probability(p)
    rng = _validate.rng(seed)
    if synonyms is not None and not (
            isinstance(synonyms, dict) and all(isinstance(v, (list, tuple)) and v
                                               for v in synonyms.values())):
        raise TypeError("Expected `synonyms` as a dict word -> non-empty list of words. "
                        f"Received: {type(synonyms).__name__}")
    lookup = {k.lower(): list(v) for k, v in (synonyms or {}).items()}
    out = []
    for t in texts:
        words = t.split()
        for j, w in enumerate(words):
            options = lookup.get(w.lower())
            if options and rng.random() < p:
                words[j] = options[rng.integers(len(options))]
        j = 0
        while j + 1 < len(words):
            if rng.random() < p:
                words[j], words[j + 1] = words[j + 1], words[j]
                j += 2
            else:
                j += 1
        out.append(" ".join(words))
    return _result(out, single)
