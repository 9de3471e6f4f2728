"""Words as the verifier compares them: tokens, stems, rarity, negation, numbers.

The support check aligns a sentence's words with its evidence. Words are
compared as Snowball stems (so "killed" meets "killing"), weighted by how rare
they are in English (wordfreq's Zipf scale), because a rare word that no
source uses — a name, a place, a number, a technical term — is what an
invented fact looks like, while a missing "said" or "also" is not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nltk.stem.snowball import SnowballStemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from wordfreq import zipf_frequency

from newsdesk.analyze.extract import SCALE, WORD_NUMBERS

_STEMMER = SnowballStemmer("english")
_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?|\d+(?:[.,:]\d+)*", re.UNICODE)
NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "n't",
        "without",
        "none",
        "nobody",
        "nothing",
        "neither",
        "nor",
        "cannot",
        "deny",
        "denied",
        "denies",
        "refused",
        "refuses",
        "fail",
        "failed",
        "fails",
    ]
)
NUMBER_WORDS = (
    frozenset(WORD_NUMBERS)
    | frozenset(SCALE)
    | frozenset(["hundred", "hundreds", "thousands", "millions", "billions", "dozen", "dozens"])
    | frozenset(["half", "quarter", "first", "second", "third", "fourth", "fifth", "sixth"])
    | frozenset(["seventh", "eighth", "ninth", "tenth"])
)
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) - NEGATIONS - NUMBER_WORDS


def tokens(text: str) -> list[str]:
    """Lower-cased word and number tokens; "didn't" gives "did" and "n't"."""
    out: list[str] = []
    for m in _TOKEN.finditer(text):
        word = m.group().lower().replace("\u2019", "'")
        if word.endswith("n't"):
            out.extend((word[:-3], "n't") if len(word) > 3 else ("n't",))
        elif "'" in word:
            out.append(word.split("'", 1)[0])
        else:
            out.append(word)
    return out


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    if word[0].isdigit():
        return word.replace(",", "")
    return str(_STEMMER.stem(word))


@lru_cache(maxsize=200_000)
def rarity(word: str) -> float:
    """0 for the commonest words, up to 6 for words English text almost never uses."""
    if word[0].isdigit():
        return 4.0
    return max(0.0, 6.0 - zipf_frequency(word, "en"))


def content(words: list[str]) -> list[str]:
    """Words that carry a fact: not stop words (negations and numbers kept)."""
    return [w for w in words if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]


def is_number(word: str) -> bool:
    return word[0].isdigit() or word in NUMBER_WORDS
