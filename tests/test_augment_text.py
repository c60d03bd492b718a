"""Text augmentation: OCR swaps, keyboard neighbours, random edits, word swaps."""

import numpy as np
import pytest

from dlcourse.augment import text

SENTENCE = "the quick brown fox jumps over the lazy dog while observing its silly tiles"


def test_ocr_swaps_the_lectures_pairs_and_nothing_else():
    assert text.ocr_errors("o i", p=1.0) == "0 1"  # the lecture's o -> 0, i -> 1
    assert text.ocr_errors("les", p=1.0) == "135"
    assert text.ocr_errors("xyz", p=0.0) == "xyz"
    changed = text.ocr_errors(SENTENCE, p=1.0)
    for before, after in zip(SENTENCE, changed, strict=True):
        assert after == text.OCR_SWAPS.get(before, before)


def test_keyboard_neighbours_are_qwerty_adjacent():
    assert set(text.KEYBOARD_NEIGHBOURS["s"]) == set("wedxza")
    assert set(text.KEYBOARD_NEIGHBOURS["q"]) == set("wa")
    assert set(text.KEYBOARD_NEIGHBOURS["m"]) == set("njk")
    # adjacency is symmetric: if a touches b, b touches a
    for key, near in text.KEYBOARD_NEIGHBOURS.items():
        assert all(key in text.KEYBOARD_NEIGHBOURS[other] for other in near)


def test_keyboard_typos_replace_by_a_neighbour_and_keep_case():
    typed = text.keyboard_typos("Hello World", p=1.0, seed=0)
    for before, after in zip("Hello World", typed, strict=True):
        if before == " ":
            assert after == " "
        else:
            assert after.lower() in text.KEYBOARD_NEIGHBOURS[before.lower()]
            assert after.isupper() == before.isupper()


def test_random_edits_by_kind():
    assert text.random_edits("abc", p=1.0, edits=("delete",)) == ""
    assert text.random_edits("abcd", p=1.0, edits=("swap",)) == "badc"
    inserted = text.random_edits("abc", p=1.0, edits=("insert",), alphabet="x")
    assert inserted == "xaxbxc"
    assert text.random_edits("abc", p=1.0, edits=("substitute",), alphabet="z") == "zzz"
    mixed = text.random_edits(SENTENCE, p=0.2, seed=1)
    assert mixed != SENTENCE and abs(len(mixed) - len(SENTENCE)) < len(SENTENCE) // 4


def test_word_swaps_and_synonyms():
    assert text.word_swaps("one two three four", p=1.0) == "two one four three"
    assert text.word_swaps("one two three", p=0.0) == "one two three"
    swapped = text.word_swaps(SENTENCE, p=0.3, seed=0)
    assert swapped != SENTENCE and sorted(swapped.split()) == sorted(SENTENCE.split())
    out = text.word_swaps("a quick fox", p=1.0, synonyms={"Quick": ["fast", "rapid"]})
    assert {"fast", "rapid"} & set(out.split()) and "quick" not in out.split()


@pytest.mark.parametrize("augmentation", [
    text.ocr_errors, text.keyboard_typos, text.random_edits, text.word_swaps])
def test_same_seed_same_output_other_seed_other_output(augmentation):
    first = augmentation(SENTENCE, p=0.3, seed=1)
    assert first == augmentation(SENTENCE, p=0.3, seed=1)
    assert first != augmentation(SENTENCE, p=0.3, seed=2)
    assert first != SENTENCE


def test_lists_of_strings_come_back_as_lists():
    out = text.ocr_errors(["solo", "silo"], p=1.0)
    assert out == ["5010", "5110"]
    rng = np.random.default_rng(0)
    assert text.keyboard_typos(["abc"] * 2, p=0.5, seed=rng) != text.keyboard_typos(
        ["abc"] * 2, p=0.5, seed=rng)


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: text.ocr_errors("abc", p=1.5), ValueError, r"\[0, 1\]"),
    (lambda: text.keyboard_typos("abc", p=-0.1), ValueError, r"\[0, 1\]"),
    (lambda: text.word_swaps("abc", p=True), ValueError, r"\[0, 1\]"),
    (lambda: text.ocr_errors(42), TypeError, "string"),
    (lambda: text.random_edits("abc", edits=("transpose",)), ValueError, "subset"),
    (lambda: text.random_edits("abc", alphabet=""), ValueError, "alphabet"),
    (lambda: text.word_swaps("abc", synonyms={"a": []}), TypeError, "synonyms"),
    (lambda: text.ocr_errors("abc", seed=1.5), ValueError, "seed"),
])
def test_bad_inputs_are_explained(call, error, match):
    with pytest.raises(error, match=match):
        call()
