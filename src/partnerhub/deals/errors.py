"""Errors the deal and compensation services raise besides `PolicyViolation` (422) and `Conflict` (409)."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError


class InvalidInput(ValidationError):
    """The request is malformed for a reason only the service can see (HTTP 400, per field)."""

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        self.errors = dict(errors)
        super().__init__(self.errors)
