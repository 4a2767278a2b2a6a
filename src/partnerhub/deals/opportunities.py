"""The opportunity a registration or an order is for, created or locked by one statement."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from partnerhub.deals.models import Opportunity, Order


def locked_opportunity(key: str, end_customer: str, title: str) -> Opportunity:
    """The opportunity with this key, created if new, locked until the transaction ends (PostgreSQL).

    The row lock serializes registrations, approvals and orders of one opportunity on PostgreSQL; on SQLite
    the database itself allows one writer at a time. Its `order_placed_on` is the date of its order (None:
    none yet), read by the same statement once the row is locked, so no order can come in between.
    """
    # One statement whether or not it is new, and no savepoint: inserted unless there, and otherwise "updated"
    # to itself, which locks the existing row as SELECT … FOR UPDATE would (PostgreSQL and SQLite alike).
    quote = connection.ops.quote_name
    table = quote(Opportunity._meta.db_table)
    columns = ", ".join(quote(column) for column in ("key", "end_customer", "title", "created_at"))
    ordered_on = (
        f"(SELECT {quote('ordered_on')} FROM {quote(Order._meta.db_table)} "
        f"WHERE {quote('opportunity_id')} = {table}.{quote('id')}) AS order_placed_on"
    )
    return next(
        iter(
            Opportunity.objects.raw(
                f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s) "
                f"ON CONFLICT ({quote('key')}) DO UPDATE SET {quote('key')} = EXCLUDED.{quote('key')} "
                f"RETURNING *, {ordered_on}",
                [key, end_customer.strip(), title.strip(), timezone.now()],
            )
        )
    )
