"""The people API: resource persons, certifications, training, compliance, governance, financial standing,
exceptions, and good standing, gap and due dates (docs/api.md; docs/policy.md#r2-7, R2.8, R3.1, R10).

Every object is reached through the tenancy selectors (another partner's is 404); manager-only actions
answer 403 to a partner user of the partner itself. Writes take `?as_of=` as the day they are recorded
(default: today), which is the day the policy in force and the registration check (§2.0) are judged on.
"""
