"""Run the reactions of other apps to an event on a partner's timeline (docs/history.md).

Which app reacts to which event kind is written in ONE table, `REACTIONS` in the top-layer module
`partnerhub.reactions` (named by the setting `PARTNERHUB_REACTIONS`). This module loads that table once by
its dotted path, so the lower layers that record events (billing, people, partners) never import the
upper layers that react to them: no lazy import, no hidden signal.

`partnerhub.partners.history.record_event` calls `dispatch(event)` right after writing the event, inside
the transaction of the change: a reaction's writes commit, or roll back, with the change that caused it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any, cast

from django.conf import settings
from django.utils.module_loading import import_string

Reaction = Callable[[Any], None]
"""A handler: takes the `PartnerEvent` just recorded, returns nothing, raises to refuse the change."""

DEFAULT_TABLE = "partnerhub.reactions.REACTIONS"


@cache
def reactions() -> Mapping[str, Sequence[Reaction]]:
    """The table of reactions, event kind -> handlers in the order they run (loaded once)."""
    path = getattr(settings, "PARTNERHUB_REACTIONS", DEFAULT_TABLE)
    return cast(Mapping[str, Sequence[Reaction]], import_string(path))


def dispatch(event: Any) -> None:
    """Run every handler the table lists for `event.kind`, in order, synchronously."""
    for handler in reactions().get(event.kind, ()):
        handler(event)
