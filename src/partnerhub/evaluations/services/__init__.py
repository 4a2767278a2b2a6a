"""Writes of the evaluations app: runs, decisions, notices, reminders (§8.0, R9). (Policy drafts, R1.4, are
written by `policystore.services`.)

Every write is one transaction with its history (docs/architecture.md#rule-3). The rules — the lines, the
recommendation, the notification date — come from `partnerhub.policy`; this module only orders them,
stores them and acts on the manager's decisions.
"""
