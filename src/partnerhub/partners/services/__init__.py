"""Writes of the partner lifecycle (§2.0, §3.0, §4.0, §5.1), one service per action (docs/architecture.md#rule-3).

Every service takes keyword arguments and its dates as arguments, validates everything before it writes
(bad input: Django `ValidationError`, 400; a broken rule: `PolicyViolation`, 422; a state that forbids
it: `Conflict`, 409), runs in one transaction with its timeline entry, and mails after the commit.
Which action is allowed in which status is decided by `lifecycle.check_transition` alone.
"""
