"""The public partner directory (docs/directory.md, docs/policy.md#r6-3): each partner's public profile, which it
chooses to publish, and the public list of the partners the policy lists on a day."""
