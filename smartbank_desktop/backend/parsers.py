"""The API's JSON parser: Django REST framework's, after a check that the body is not nested too deeply.

Python's JSON decoder recurses once per level of brackets, so a few kilobytes
of ``[[[[...`` exhaust the interpreter's stack (a ``RecursionError``, a server
error). No request of this API nests more than a few levels, so a body is
measured first, without recursion and at the speed of string methods, and
refused as malformed beyond :data:`MAX_JSON_DEPTH` levels.
"""

from __future__ import annotations

import io
import re

from rest_framework.parsers import JSONParser

from smartbank_desktop.core.refusals import Code, refuse

MAX_JSON_DEPTH = 32

# A JSON string (its brackets are text, not structure), written so that the regular expression does not backtrack.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")


def nested_within(text: str, depth: int) -> bool:
    """Whether the brackets of the JSON ``text`` close within ``depth`` levels.

    With strings and everything but brackets taken away, and ``{}`` written as ``[]`` (the
    decoder goes one level deeper at either), each round takes away the innermost pairs: one
    level exactly. Brackets that do not close answer False (a round cannot shorten them): that
    text is not JSON, and the decoder would still go into every opening bracket to find out.
    A run of more opening brackets than ``depth`` answers at once.
    """
    brackets = _NOT_A_BRACKET.sub("", _STRING.sub("", text)).replace("{", "[").replace("}", "]")
    too_deep = "[" * (depth + 1)
    for _ in range(depth):
        if too_deep in brackets:
            return False
        shorter = brackets.replace("[]", "")
        if len(shorter) == len(brackets):
            break
        brackets = shorter
    return not brackets


class BoundedJSONParser(JSONParser):
    """JSON with at most :data:`MAX_JSON_DEPTH` levels of arrays and objects; deeper is ``malformed_request``."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read()
        encoding = (parser_context or {}).get("encoding") or "utf-8"
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise refuse(Code.MALFORMED_REQUEST, "This request could not be read.") from None
        if not nested_within(text, MAX_JSON_DEPTH):
            raise refuse(Code.MALFORMED_REQUEST,
                         "This request could not be read: its brackets do not close, or nest more than "
                         f"{MAX_JSON_DEPTH} levels deep.")
        return super().parse(io.BytesIO(raw), media_type, parser_context)
