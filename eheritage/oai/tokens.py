"""Resumption tokens: opaque, HMAC-signed, keyset-based.

A token carries the whole request state (verb, selection, last datestamp and identifier,
cursor, completeListSize, expiry), so the server keeps no session and tokens survive
restarts. The signature makes tampering a clean `badResumptionToken`, not a crash.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import astuple, dataclass

#: Longer input is refused before any decoding work.
MAX_TOKEN_LENGTH = 2048
_SIGNATURE_BYTES = 16


class BadToken(Exception):
    """The token is not one this repository issued for this request, or it has expired."""


@dataclass(frozen=True)
class ListState:
    """Where a list request stands after a page."""

    verb: str
    prefix: str
    from_: int | None
    until: int | None
    set_spec: str | None
    after_datestamp: int
    after_identifier: str
    cursor: int
    complete_list_size: int
    expires: int


class TokenCodec:
    """Issues and checks tokens with one secret."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def issue(self, state: ListState) -> str:
        body = _b64(json.dumps(astuple(state), separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
        return f"{body}.{_b64(self._sign(body))}"

    def read(self, token: str, *, verb: str, now: int) -> ListState:
        """The state in `token`, if it is genuine, unexpired and was issued for `verb`."""
        if len(token) > MAX_TOKEN_LENGTH or token.count(".") != 1:
            raise BadToken("the resumptionToken is not one this repository issued")
        body, signature = token.split(".")
        try:
            genuine = hmac.compare_digest(_unb64(signature), self._sign(body))
            state = ListState(*json.loads(_unb64(body))) if genuine else None
        except (ValueError, TypeError, binascii.Error):
            state = None
        if state is None:
            raise BadToken("the resumptionToken is not one this repository issued")
        if state.verb != verb:
            raise BadToken(f"the resumptionToken was issued for {state.verb}, not {verb}")
        if state.expires < now:
            raise BadToken("the resumptionToken has expired; start the list again")
        return state

    def _sign(self, body: str) -> bytes:
        return hmac.new(self._secret, body.encode("ascii"), hashlib.sha256).digest()[:_SIGNATURE_BYTES]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
