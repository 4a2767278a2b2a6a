"""Joint-marketing funds (MDF): budgets, activity plans, claims with proof, payments (§5.1, §10.2; docs/funds.md)."""
