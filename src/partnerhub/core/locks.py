"""One holder at a time across hosts: `with exclusive("tick") as held: if held: …`.

On PostgreSQL a session advisory lock: it is released when the holder ends, or when its connection
dies with its process, so a killed holder never blocks the next one. Elsewhere (SQLite, one host) a
`Lock` row, which a killed holder leaves behind until it expires after `ttl`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from partnerhub.core.models import Lock


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _advisory_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(f"partnerhub:{name}".encode()).digest()[:8], "big", signed=True)


@contextmanager
def exclusive(name: str, *, ttl: dt.timedelta) -> Iterator[bool]:
    """Try to take the lock `name` without waiting; yields whether this process holds it."""
    if connection.vendor == "postgresql":
        key = _advisory_key(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            held = bool(cursor.fetchone()[0])
        try:
            yield held
        finally:
            if held:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    holder = holder_name()
    now = timezone.now()
    with transaction.atomic():
        Lock.objects.filter(name=name, expires_at__lt=now).delete()
        try:
            with transaction.atomic():
                Lock.objects.create(name=name, holder=holder, expires_at=now + ttl)
        except IntegrityError:
            held = False
        else:
            held = True
    try:
        yield held
    finally:
        if held:
            Lock.objects.filter(name=name, holder=holder).delete()
