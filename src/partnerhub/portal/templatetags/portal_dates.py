"""Texts written by the services (timeline entries, refusals, mails, a job's failure) as the portal writes
them: its dates as "16 October 2019" rather than "2019-10-16", and no API field names (`portal.wording`)."""

from __future__ import annotations

from django import template

from partnerhub.portal.wording import in_user_words

register = template.Library()


@register.filter
def readable_dates(text: object) -> str:
    """`text` in the portal's words: every ISO date as "16 October 2019", the API's phrases replaced (escaped by
    the template)."""
    return in_user_words(text)
