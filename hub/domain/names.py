"""How a name is found by part: the three-letter pieces a full-text index holds for it.

The people search matches any part of a name (`name_lc CONTAINS needle`), which no
index answers by itself: FalkorDB's full-text index finds whole words, word prefixes and
near spellings, but not a piece from the middle of a word (suffix and infix queries are
not supported, and a prefix that expands to many words is cut short without a word).
So every person also stores `name_grams`: each word's three-letter pieces ("smith" ->
"ith mit smi"), indexed as whole words. A piece of a needle is a piece of every name that
contains the needle, so the people holding all of the needle's pieces are a superset of
the matches, found with exact words only (nothing to expand, nothing cut short); the
statement then keeps only the names that contain the needle itself. The answer is the
same as the scan's, person for person.
"""

from __future__ import annotations

import re

GRAM = 3
# Letters and digits: an underscore or any other mark splits a word, as it may in an index.
_WORD = re.compile(r"[^\W_]+")

# The stopwords of the full-text engines' default English analysers (RediSearch's list;
# Lucene's is a subset): a store may leave these out of its index, so a needle's piece that
# is one of them is not asked for (the rest of the needle still narrows the search).
STOPWORDS: frozenset[str] = frozenset({
    "a", "is", "the", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in",
    "into", "it", "no", "not", "of", "on", "or", "such", "that", "their", "then", "there",
    "these", "they", "this", "to", "was", "will", "with",
})


def name_grams(name_lc: str | None) -> str:
    """The pieces stored with a person for the full-text index, one word each, sorted."""
    grams = {word[i:i + GRAM] for word in _WORD.findall((name_lc or "").lower())
             for i in range(len(word) - GRAM + 1)}
    return " ".join(sorted(grams))


def needle_grams(needle: str | None) -> list[str]:
    """The pieces every name containing `needle` holds and an index may be asked for;
    empty when there are none (a needle with no run of three letters), and the search
    then reads every name.

    >>> needle_grams("n smit")
    ['mit', 'smi']
    >>> needle_grams("li wu")
    []
    """
    grams = {word[i:i + GRAM] for word in _WORD.findall((needle or "").lower())
             for i in range(len(word) - GRAM + 1)}
    return sorted(grams - STOPWORDS)
