"""content_hash was made cheaper (issue 6): it must give the same value as the regex version for every input."""

from __future__ import annotations

import hashlib
import random
import re
import sys
import unicodedata

from swapwatch.articles import content_hash

_SPACE = re.compile(r"\s+")


def reference_hash(text: str) -> str:
    """The original definition: NFKC, whitespace runs to one space, strip, casefold, sha1."""
    folded = _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()


WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]


def test_regex_space_is_str_isspace() -> None:
    """The shortcut rests on re's \\s and str.split() agreeing on every code point."""
    assert [c for c in range(sys.maxunicode + 1) if bool(_SPACE.fullmatch(chr(c))) != chr(c).isspace()] == []


def test_same_hash_on_tricky_text() -> None:
    """Edge cases: empty, only spaces, NFKC spaces (NBSP, em space), ligatures, ZWSP, case folding."""
    samples = [
        "", " ", "\t\n\r\x0b\x0c", "\u00a0", "a\u00a0b", "\u2003lead and trail\u3000", "ﬁnal ﬂag",
        "Straße STRASSE", "x\u200by", "\ufeffbom", "\x1c\x1d\x1e\x1fsep", "line\u2028para\u2029end",
        "ＦＵＬＬ　ｗｉｄｔｈ", "İstanbul", "ǅ", "\u0085next", "\u1680ogham", "a  b\n\nc",
    ]
    for text in samples:
        assert content_hash(text) == reference_hash(text), repr(text)


def test_same_hash_on_random_text() -> None:
    """Random mixes of every whitespace character, compatibility forms and letters."""
    rng = random.Random(6)
    alphabet = [*WHITESPACE, *"aZ9.,ßÇǅİ", "\u00a0", "\u2003", "\u200b", "\ufb01", "\uff21", "\u0301"]
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        assert content_hash(text) == reference_hash(text), repr(text)
