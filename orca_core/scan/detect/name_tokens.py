"""Which words of a column, sheet, table or file name are a person's first or last name.

`pii_masker.mask_name_for_egress` asks this before a name leaves the process (the LLM request): a word that is
a person's name there goes out as `***`, every other word stays, so `notes_for_mohammed` leaves as
`notes_for_***` and `customer_city` as itself.

A token (a name split on `_ . - space`, digits and camelCase, folded) is a person's name when

* it is a single-word entry of 3+ letters in the first-name or last-name gazetteer, or two such entries glued
  together (`annasvensson`: a first name of 4+ letters then a last name of 5+; shorter parts split too many
  ordinary words, `parking` = `par` + `king`), or
* it mixes ASCII letters with letters of another script (`Jаne` with a Cyrillic `а`): no header word looks
  like that, a disguised name does;

and it is not header vocabulary: a word or a whole phrase of orca's header lexicon (`iris` in `iris_scan`,
in every language it covers), or one of `HEADER_WORDS_IN_NAME_LISTS` below. Two-letter entries (`de`, `le`,
`li`, `wu`) are never masked: they are particles and codes far more often than a person in a header, and a
two-letter fragment alone does not single anyone out.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache

from orca_core.scan.detect.gazetteers import first_names, last_names
from orca_core.scan.detect.lexicon import header_vocabulary_flags

MIN_NAME_LETTERS = 3
_GLUED_FIRST_MIN = 4
_GLUED_LAST_MIN = 5

# Entries of the name gazetteers (built from faker's lists of 45 locales) that are schema words, measured on
# header words: the collisions of the gazetteers with bench/eval's names, with the 971 common English words of
# faker's en_US lorem list and with a list of ~1,400 header words and abbreviations in the product languages
# (tokens of `order_date`, `stock_qty`, `token_sha256`, `can_edit`, `sales_north`, `revenue_jan`, ...).
# A word is here when it names a thing a column holds or a property of a record far more often than it names
# a person in a header. Words that are mainly names stay out even when they are words too (`rose`, `hope`,
# `joy`, `king`; the colours `white`, `black`, `brown`, `green`, `grey`, also common surnames; `berg`,
# `lund`, `holm`, `hall`, `lane`, `park`, `chan`, `klas`, `tone`): in a header they are masked, which costs a
# word of context, never a person's name. Month, season and weekday names that are first names (`april`,
# `may`, `jan`, `domingo`) are kept: time-series headers (`revenue_jan`) are common, and a first name alone,
# without a last name next to it, does not identify anyone.
HEADER_WORDS_IN_NAME_LISTS: frozenset[str] = frozenset(
    {
        # schema words and abbreviations (en)
        "age", "back", "bal", "basic", "best", "bill", "bond", "bot", "branch", "cal", "can", "car", "carrier",
        "case", "char", "cid", "clear", "close", "comment", "cross", "dash", "date", "day", "del", "dev",
        "doctor", "early", "edit", "edu", "eta", "fair", "fee", "field", "floor", "font", "forum", "grace",
        "grant", "gross", "guard", "holder", "hook", "house", "iban", "job", "judge", "key", "lang", "law", "line",
        "link", "list", "loan", "long", "lot", "low", "mac", "major", "mall", "mark", "marks", "master", "max",
        "meta", "more", "org", "over", "page", "parent", "payer", "per", "pol", "pole", "pop", "post", "power",
        "price", "read", "real", "ring", "rom", "room", "run", "sales", "sec", "sem", "server", "sha", "short",
        "side", "small", "stock", "story", "street", "swift", "sys", "tank", "topic", "uni", "var", "ver", "vid",
        "wage", "wall", "ward", "way",
        # schema words in other product languages (folded)
        "bett", "dia", "hora", "kosten", "nota", "ora", "plaza", "sala", "schuler", "van", "vara", "villa",
        "zimmer",
        # calendar and compass
        "abril", "april", "august", "autumn", "avril", "domenica", "domingo", "fall", "freitag", "herbst", "jan",
        "juli", "julio", "june", "juni", "lundi", "mai", "maj", "mar", "mars", "may", "mayo", "north", "november",
        "sep", "sommer", "summer", "west", "winter",
    }
)  # fmt: skip


@cache
def _single_word(names: frozenset[str]) -> frozenset[str]:
    return frozenset(name for name in names if name.isascii() and name.isalpha())


def _glued_full_name(token: str, firsts: frozenset[str], lasts: frozenset[str]) -> bool:
    for cut in range(_GLUED_FIRST_MIN, len(token) - _GLUED_LAST_MIN + 1):
        first, last = token[:cut], token[cut:]
        if first in HEADER_WORDS_IN_NAME_LISTS or last in HEADER_WORDS_IN_NAME_LISTS:
            continue
        if first in firsts and last in lasts:
            return True
    return False


def _mixed_script(token: str) -> bool:
    """ASCII letters next to letters of another script (a Cyrillic `а` in `Jаne`); Latin letters that folding
    keeps (`þ`, `œ`) are not another script."""
    if not any(ch.isascii() for ch in token):
        return False
    return any(not ch.isascii() and not unicodedata.name(ch, "").startswith("LATIN") for ch in token)


def person_name_flags(tokens: Sequence[str]) -> tuple[bool, ...]:
    """For a name's folded tokens in order (digit runs included, so phrases match as in the lexicon): which
    are a person's first or last name."""
    firsts, lasts = _single_word(first_names()), _single_word(last_names())
    vocabulary = header_vocabulary_flags(tokens)
    flags: list[bool] = []
    for token, is_vocabulary in zip(tokens, vocabulary, strict=True):
        if is_vocabulary or token in HEADER_WORDS_IN_NAME_LISTS or not token.isalpha():
            flags.append(False)
        elif _mixed_script(token):
            flags.append(True)
        elif len(token) < MIN_NAME_LETTERS:
            flags.append(False)
        else:
            flags.append(token in firsts or token in lasts or _glued_full_name(token, firsts, lasts))
    return tuple(flags)
