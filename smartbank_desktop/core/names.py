"""People's names (a customer's, a payee's): any script, but nothing invisible or that rearranges text.

A name may hold letters of any script with their combining marks (Devanagari
vowel signs, virama, nukta...), spaces and punctuation. It may not hold:

- control characters (Unicode category Cc: tabs, line breaks, escape...), nor line or
  paragraph separators;
- format characters (category Cf): bidirectional overrides, embeddings and isolates
  (U+202A-U+202E, U+2066-U+2069) that make a name display reversed or out of order,
  zero-width spaces, word joiners, soft hyphens, byte-order marks...; nor private-use,
  surrogate or unassigned code points (categories Co, Cs, Cn), which show as nothing
  or as a box.

The one exception is the zero-width joiner and non-joiner (U+200D, U+200C), which
Devanagari and the other Indic scripts need: after a virama they choose how a
consonant cluster is drawn (KA, virama, ZWJ, SSA shows a half KA; with ZWNJ, a
visible virama), so the same name can legitimately be typed with them. They are
accepted exactly where they do that, immediately after a virama and before a
letter: the rule IDNA uses for domain names (RFC 5892, appendix A.1 and A.2, less
the Arabic joining case). Anywhere else they are invisible padding, and refused.
"""

from __future__ import annotations

import unicodedata

ZWNJ, ZWJ = "\u200c", "\u200d"
VIRAMA_COMBINING_CLASS = 9
_REFUSED_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}


class InvalidName(ValueError):
    """The name holds a character a name cannot; the message is a plain sentence."""


def _joins_a_cluster(text: str, i: int) -> bool:
    before, after = text[i - 1:i], text[i + 1:i + 2]
    return (bool(before) and unicodedata.combining(before) == VIRAMA_COMBINING_CLASS
            and bool(after) and unicodedata.category(after).startswith("L"))


def check_name(text: str) -> str:
    """``text`` itself, when it holds only what a name may (see the module); else :class:`InvalidName`."""
    for i, ch in enumerate(text):
        category = unicodedata.category(ch)
        if category not in _REFUSED_CATEGORIES:
            continue
        if ch in (ZWJ, ZWNJ) and _joins_a_cluster(text, i):
            continue
        if category in ("Cc", "Zl", "Zp"):
            raise InvalidName("A name cannot hold tabs, line breaks or other control characters.")
        raise InvalidName("A name cannot hold invisible characters, such as zero-width spaces "
                          "or marks that change the direction of the text.")
    return text
