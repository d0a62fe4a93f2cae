"""Keyed hashes: pseudonymous keys for users, sessions and records, and the fraction that
assigns a user to a provider model.

Each purpose has its own prefix, so that one value's hash cannot be matched with
another's. Without RESEARCH_SALT (a secret, like SECRET_KEY) nobody can tell whose
events a key belongs to, or work out a user's key from their id.
"""

import hashlib
import hmac

from django.conf import settings

KEY_LENGTH = 32  # hex characters: 128 bits, plenty to tell users and records apart


def keyed_hash(purpose: str, value) -> str:
    message = f"{purpose}:{value}".encode()
    return hmac.new(settings.RESEARCH_SALT.encode(), message, hashlib.sha256).hexdigest()


def user_key(user_id) -> str:
    return keyed_hash("user", user_id)[:KEY_LENGTH]


def session_key(raw_session_key: str | None) -> str:
    """The session's key is a credential: it is never stored, only its keyed hash."""
    return keyed_hash("session", raw_session_key or "")[:KEY_LENGTH]


def record_key(public_id) -> str:
    """A trainee record, so that its start and its registration can be matched."""
    return keyed_hash("record", public_id)[:KEY_LENGTH]


def assignment_fraction(user_id) -> float:
    """Where in [0, 1) the user falls, evenly spread over users (the first 52 bits of
    the hash, as many as a float holds exactly)."""
    digest = keyed_hash("assignment", user_id)
    return int(digest[:13], 16) / 16**13
