"""Where free text names a person, and the text with those mentions erased (pure: no Django).

A person is looked for by their **e-mail** and by their **full name**: two words or more of two
letters or more (`full_name`). "Maria" alone would erase every other Maria, and "J. Smith" every
other J. Smith, so such a name is not looked for at all (the e-mail still is). Matching ignores
case and accents the way the company search does (`registry.names.fold_search_text`: "MARÍA
tamm" names "Maria Tamm"), lets any run of white space stand between the words, and needs whole
words: "Ann Lee" is not in "Joann Leeds", and "maria@aqua.ee" is not in "anna.maria@aqua.ee".

>>> Mentioned.of("Maria Tamm", "maria@aqua.ee").erase("Met MARÍA\\ntamm (Maria@Aqua.ee).")
'Met [erased] ([erased]).'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sme2go.registry.names import fold_search_text

ERASED = "[erased]"
EXCERPT_CONTEXT = 40  # characters shown on each side of a mention


class _FoldedCharacters(dict[int, str]):
    """Each character's `fold_search_text`, worked out once: folding a text character by character
    gives the same as folding it whole (a test checks it), and `str.translate` with this table does
    it several times quicker than the whole-text fold, which matters on every row searched."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_search_text(chr(code))
        return folded


_FOLDED = _FoldedCharacters()


def fold(text: str) -> str:
    """`fold_search_text(text)`, quicker."""
    return text.lower() if text.isascii() else text.translate(_FOLDED)


def full_name(name: str) -> str:
    """The name when it is a full name, else "": two words or more of two letters or more each
    ("Maria T. Tamm" is one, "J. Smith" and "A B" are not), white space tidied."""
    words = name.split()
    return " ".join(words) if sum(sum(ch.isalpha() for ch in word) >= 2 for word in words) >= 2 else ""


def email_address(text: str) -> str:
    """The text when it has the shape of an e-mail address (name@domain.tld), else ""."""
    text = text.strip()
    return text if _EMAIL.fullmatch(text) else ""


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _name_pattern(name: str) -> str:
    words = fold_search_text(name).split()
    return r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)"


def _email_pattern(email: str) -> str:
    # Not inside a longer address: no address character before it, nor after it (a dot only
    # ends a sentence when no word follows it: "maria@aqua.ee.com" is another address).
    return r"(?<![\w.+%\-])" + re.escape(fold_search_text(email)) + r"(?![\w\-@]|\.\w)"


@dataclass(frozen=True)
class Mentioned:
    """A person as free text names them: a full name (or "") and an e-mail (or "")."""

    name: str
    email: str

    @classmethod
    def of(cls, name: str, email: str = "") -> Mentioned:
        """The person with that name and e-mail; a name of fewer than two words is not looked for."""
        return cls(full_name(name), email_address(email))

    @classmethod
    def typed(cls, text: str) -> Mentioned:
        """What a user typed to find someone: an e-mail, or else a full name."""
        text = text.strip()
        return cls.of("", text) if "@" in text else cls.of(text)

    def __bool__(self) -> bool:
        return bool(self.name or self.email)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """The regular expression of a mention in folded text (`fold_search_text`)."""
        parts = ([_email_pattern(self.email)] if self.email else []) + ([_name_pattern(self.name)] if self.name else [])
        return re.compile("|".join(parts) if parts else r"(?!)")

    @cached_property
    def pieces(self) -> tuple[tuple[str, ...], ...]:
        """Plain text a mention contains, folded: the e-mail, or else every word of the name."""
        email, words = fold_search_text(self.email), tuple(fold_search_text(self.name).split())
        return tuple(alternative for alternative in ((email,) if email else (), words) if alternative)

    def covers(self, other: Mentioned) -> bool:
        """Whether looking for this person also finds every mention of `other`."""
        same = fold_search_text
        return (not other.email or same(other.email) == same(self.email)) and (
            not other.name or same(other.name) == same(self.name))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where `text` mentions the person: (start, end) of each mention in `text`, in order."""
        return _spans(self.pattern, text)

    def erase(self, text: str) -> str:
        """`text` with every mention replaced by "[erased]"."""
        return _erase(self.spans(text), text)

    def excerpts(self, text: str) -> list[str]:
        """Each mention with a little of the text around it, white space collapsed."""
        out = []
        for start, end in self.spans(text):
            shown = text[max(0, start - EXCERPT_CONTEXT):end + EXCERPT_CONTEXT]
            cut_before, cut_after = start > EXCERPT_CONTEXT, end + EXCERPT_CONTEXT < len(text)
            out.append(("…" if cut_before else "") + " ".join(shown.split()) + ("…" if cut_after else ""))
        return out


class Finder:
    """Several people looked for at once. Most texts mention nobody, so a text is first folded once
    and searched for the plain pieces of each mention (the e-mail, or every word of the name): a
    substring search is many times quicker than the full expression, which runs only on a hit."""

    def __init__(self, people: list[Mentioned]) -> None:
        self.people = [person for person in people if person]
        self._pieces = [(person, person.pieces) for person in self.people]
        # One pass for everyone: the longest piece of each way of being mentioned.
        longest = {max(alternative, key=len) for _, pieces in self._pieces for alternative in pieces}
        self._any_piece = re.compile("|".join(map(re.escape, sorted(longest, key=len, reverse=True))) or r"(?!)")

    def may_mention(self, text: str) -> bool:
        return bool(self._candidates(text))

    def mentioned_in(self, text: str) -> list[Mentioned]:
        """The people `text` mentions."""
        return [person for person in self._candidates(text) if person.spans(text)]

    def _candidates(self, text: str) -> list[Mentioned]:
        if not text:
            return []
        folded = fold(text)
        if self._any_piece.search(folded) is None:
            return []
        return [person for person, pieces in self._pieces
                if any(all(piece in folded for piece in alternative) for alternative in pieces)]


def erase_everywhere(value: Any, person: Mentioned) -> Any:
    """`value` (text, or JSON-like lists and dicts of it, keys included) with the person erased."""
    if isinstance(value, str):
        return person.erase(value)
    if isinstance(value, dict):
        return {erase_everywhere(k, person): erase_everywhere(v, person) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [erase_everywhere(v, person) for v in value]
    return value


def strings_in(value: Any) -> list[str]:
    """Every string in a JSON-like value, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in strings_in(k) + strings_in(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings_in(v)]
    return []


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    if not text or pattern.search(fold(text)) is None:
        return []
    # Fold character by character to map a match in the folded text back to the original: a
    # folded character comes from `origin[i]`; characters that fold to nothing (combining
    # accents) go with the character before them.
    folds = [_FOLDED[ord(ch)] for ch in text]
    origin = [i for i, fold in enumerate(folds) for _ in fold]
    spans = []
    for match in pattern.finditer("".join(folds)):
        if match.end() == match.start():
            continue
        start, end = origin[match.start()], origin[match.end() - 1] + 1
        while end < len(text) and not folds[end]:
            end += 1
        spans.append((start, end))
    return spans


def _erase(spans: list[tuple[int, int]], text: str) -> str:
    out, at = [], 0
    for start, end in spans:
        out.append(text[at:start] + ERASED)
        at = end
    return "".join(out) + text[at:]
