"""`/api/v1/partners/` and `/api/v1/work-items/`: the lifecycle over HTTP (docs/api.md).

Views only translate: they read the request, call one service or selector, and answer. Reads are scoped
by `selectors` (another partner's object is 404); manager-only actions answer 403 to anyone else.
Action dates default to today here, at the edge, and nowhere below.
"""
