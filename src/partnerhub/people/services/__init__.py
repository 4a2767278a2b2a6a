"""Writes of the people app (docs/architecture.md#rule-3): keyword-only, one transaction, an event on the partner's
timeline.

Every service validates everything first (`checks`), raising `InvalidInput` for malformed input (HTTP 400)
or `PolicyViolation` for a value the policy refuses for this partner (HTTP 422), and writes nothing
then. `as_of` is the day the change is recorded: the policy in force that day decides, and it is the day
the registration check (§2.0) runs for. Services never ask for today's date.
"""
