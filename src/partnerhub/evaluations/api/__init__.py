"""`/api/v1/evaluations/` (quarterly evaluations, §8.0) and a draft policy version's preview,
`/api/v1/policy/drafts/{id}/preview/` (docs/policy.md#r1-4; the drafts themselves are policystore's).

Scorecards and notices are reached only through the tenancy-scoped selectors: a partner user sees its own
partner's, and another partner's are not found (404); manager-only actions answer 403.
"""
