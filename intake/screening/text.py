"""Normalise what patients type so names compare equal.

Lower case, accents and apostrophes dropped, "&" read as "and", hyphens and dots as
spaces: "Goody's" -> "goodys", "Alka-Seltzer" -> "alka seltzer", "St. Joseph" ->
"st joseph". Commas, semicolons, "+", "/" and brackets separate parts of an entry
("Jantoven (warfarin)"); they are kept as BREAK tokens so a name never spans them.
"""

import re
import unicodedata

BREAK = "|"
_PIECES = re.compile(r"[a-z]+|\d+(?:[.,]\d+)*|[,;+/()\[\]{}|]")
_APOSTROPHES = re.compile(r"['\u2019\u2018`\u00b4]")


def tokenize(text):
    """Return the words and numbers of `text`, with BREAK between parts."""
    text = text or ""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char))
    text = _APOSTROPHES.sub("", text.lower()).replace("&", " and ")
    tokens = []
    for piece in _PIECES.findall(text):
        if piece[0].isalnum():
            tokens.append(piece)
        elif tokens and tokens[-1] != BREAK:
            tokens.append(BREAK)
    if tokens and tokens[-1] == BREAK:
        tokens.pop()
    return tokens


def normalize(text):
    """Return `text` as one space-separated string of words and numbers."""
    return " ".join(token for token in tokenize(text) if token != BREAK)


def is_word(token):
    """Return whether `token` is made of letters (not a number or a BREAK)."""
    return token.isalpha()


class Phrases:
    """Normalised phrases mapped to values, found longest first in token lists."""

    def __init__(self, mapping):
        self._values = dict(mapping)
        # first word -> length of the longest phrase starting with it
        self._longest = {}
        for phrase in self._values:
            words = phrase.split()
            if words:
                self._longest[words[0]] = max(
                    self._longest.get(words[0], 0), len(words)
                )

    def __contains__(self, phrase):
        return phrase in self._values

    def __iter__(self):
        return iter(self._values)

    def get(self, phrase):
        """Return the value of one phrase, or None."""
        return self._values.get(phrase)

    def find(self, tokens):
        """Yield (first, last, value) for the longest known phrases, left to right.

        Phrases never span a BREAK.
        """
        index, end = 0, len(tokens)
        while index < end:
            longest = min(self._longest.get(tokens[index], 0), end - index)
            for length in range(longest, 0, -1):
                window = tokens[index : index + length]
                if length > 1 and BREAK in window:
                    continue
                value = self._values.get(" ".join(window))
                if value is not None:
                    yield index, index + length, value
                    index += length
                    break
            else:
                index += 1

    def found_in(self, tokens):
        """Return whether any phrase occurs in `tokens`."""
        return next(self.find(tokens), None) is not None
