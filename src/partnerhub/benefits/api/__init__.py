"""The benefits API (`/api/v1/`): entitlements, benefit requests, the Amelia Marketplace, leads from the web,
product subscriptions, marketing services, trademark usages and demonstrations.

Views only translate: they read through `selectors` (tenancy), write through `services` (rules, events),
and answer problem details. Dates of writes: a partner user's requests are dated today; a manager may give
the date a request was received or a decision taken (`…_on` fields), as for deal registrations by email.

One module per sub-domain:
`entitlements`, `benefit_requests`, `marketplace`, `leads`, `subscriptions`, `marketing`,
`trademark`, `demonstrations`;
`common` holds what they share.
"""
