"""`/api/v1/evaluations/` (quarterly evaluations, §8.0) and `/api/v1/policy/diff/`, `/api/v1/policy/drafts/`
(comparing and previewing policy versions, docs/policy.md#r1-4).

Scorecards and notices are reached only through the tenancy-scoped selectors: a partner user sees its own
partner's, and another partner's are not found (404); manager-only actions answer 403.
"""
