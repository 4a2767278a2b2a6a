"""What the services say, in the portal's words: the one place where a message written for the API (which
names its fields, `"rerun": true`, and writes dates as 2019-10-16) becomes what a person using the portal reads.

`in_user_words` is applied to every refusal the portal shows (`portal.common.refuse`), to the messages above
a page and to the texts the services wrote (timeline entries, reasons, a job's failure) through the template
filters `readable_dates` and `sentence`. The stored text is never changed: the API keeps its own words.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.formats import date_format

ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

# What a service tells an API client to send, and what the portal's form asks instead. Each entry is a phrase
# of one service's message (cited beside it) and the portal's words for it.
API_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    # policy.licenses.benefit_request_allowed: a benefit that may cost needs the cost notice acknowledged.
    (
        re.compile(r"Send the request again with acknowledged_cost true once you have read this\."),
        "Tick “I understand this benefit may come with a cost” once you have read this, and send the request again.",
    ),
    # evaluations.services.runs: a quarter evaluated already is evaluated again only when asked.
    (
        re.compile(r"send \"rerun\": true to evaluate it again"),
        "tick “Evaluate it again” to evaluate it again",
    ),
)


def _readable(match: re.Match[str]) -> str:
    try:
        day = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return match[0]
    return date_format(day, "DATE_FORMAT")


def readable_dates(text: object) -> str:
    """Every ISO date in `text` written as the portal writes dates in the active language: "16 October 2019",
    "16. Oktober 2019"."""
    return ISO_DATE.sub(_readable, str(text))


def in_user_words(text: object) -> str:
    """`text` with the API's phrases replaced by the portal's and its ISO dates written as the portal writes them."""
    said = str(text)
    for pattern, words in API_PHRASES:
        said = pattern.sub(words, said)
    return readable_dates(said)
