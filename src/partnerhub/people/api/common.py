"""What the people API's views share: service errors turned into API answers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import NotFound, ValidationError

from partnerhub.policystore.selectors import NoPolicyInForce


@contextmanager
def service_answers() -> Iterator[None]:
    """Service errors as API answers: bad input 400 with field errors, no policy in force 404."""
    try:
        yield
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        raise ValidationError(detail) from error
    except NoPolicyInForce as error:
        raise NotFound(str(error)) from error
