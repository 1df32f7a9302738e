"""A brute-force reading of how free text mentions a person (`privacy.mentions`), for tests to
compare the real thing with: every substring is tried."""

from __future__ import annotations

from sme2go.privacy.mentions import ERASED, Mentioned
from sme2go.registry.names import fold_search_text


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def brute_force_spans(person: Mentioned, text: str) -> list[tuple[int, int]]:
    """Every (start, end) of the text whose folded form is the person's e-mail, or their name's words
    with white space between them, with no word character around it; leftmost first, longest end,
    not overlapping."""
    folds = [fold_search_text(ch) for ch in text]
    name_words = fold_search_text(person.name).split()
    email = fold_search_text(person.email)

    def is_mention(i: int, j: int) -> bool:
        inside = "".join(folds[i:j])
        before, after = "".join(folds[:i])[-1:], "".join(folds[j:])[:2]
        if not folds[i] or not inside:
            return False
        if email and inside == email:
            return not (before and (_is_word(before) or before in ".+%-")) and not (
                after and (_is_word(after[0]) or after[0] in "-@" or (after[0] == "." and after[1:] and
                                                                      _is_word(after[1]))))
        return bool(name_words) and inside.split() == name_words and inside == inside.strip() and not (
            before and _is_word(before)) and not (after and _is_word(after[0]))

    spans, i = [], 0
    while i < len(text):
        ends = [j for j in range(i + 1, len(text) + 1) if is_mention(i, j)]
        if ends:
            spans.append((i, max(ends)))
            i = max(ends)
        else:
            i += 1
    return spans


def brute_force_erase(person: Mentioned, text: str) -> str:
    for start, end in reversed(brute_force_spans(person, text)):
        text = text[:start] + ERASED + text[end:]
    return text
