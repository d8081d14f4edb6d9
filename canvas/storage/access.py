"""Who is asking, in a hosted practice: a `Caller` (a signed-in person's email) and their role,
and the share links that open one canvas read-only. Pure Python; the PostgreSQL store enforces it
(`postgres.PostgresStore.for_caller`, `practice.Practice`).

The rules: a client sees and saves only the canvases they own; a coach also those of the clients
assigned to them; the practice owner everything. A removed person sees nothing. What a caller may
not see behaves exactly as a canvas that does not exist.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, get_args

Role = Literal["owner", "coach", "client"]
ROLES: tuple[Role, ...] = get_args(Role)
ROLE_NAMES: dict[Role, str] = {"owner": "Practice owner", "coach": "Coach", "client": "Client"}

SHARE_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")
MAX_SHARE_DAYS = 90
EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,190}")


class AccessRefused(PermissionError):
    """A practice change the caller may not make (only the owner manages people)."""


def person_id(email: str) -> str:
    """The id a person has in the practice: their email address, trimmed, in lower case.
    ValueError (plain) if it is not an email address."""
    cleaned = email.strip().lower()
    if not EMAIL.fullmatch(cleaned):
        raise ValueError("That is not an email address.")
    return cleaned


@dataclass(frozen=True)
class Caller:
    """The signed-in person a store view acts for. The role is what they were when they signed
    in; the database checks their current role (and that they were not removed) on every call."""

    user_id: str
    role: Role = "client"


@dataclass(frozen=True)
class Person:
    user_id: str
    role: Role
    coaches: tuple[str, ...] = ()  # for a client: the coaches assigned to them


@dataclass(frozen=True)
class ShareLink:
    """A read-only link to one canvas. Its token is shown once, when it is made; only its digest
    is kept, so this never holds it."""

    link_id: int = field(repr=False)
    made_by: str
    made_at: datetime
    expires_at: datetime
    revoked: bool

    def is_live(self, now: datetime) -> bool:
        return not self.revoked and self.expires_at > now


def new_share_token() -> str:
    """A share link's secret: 192 random bits."""
    return secrets.token_urlsafe(24)


def looks_like_token(token: object) -> bool:
    return isinstance(token, str) and SHARE_TOKEN.fullmatch(token) is not None


def token_digest(token: str) -> str:
    """What the store keeps of a share token (and compares with): its SHA-256, in hex."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()
