"""Indexes for the lists' orders and filters; on PostgreSQL, trigram indexes for the search (`icontains`
compares upper-cased text: the indexes are on the same expressions). Chosen in docs/performance.md."""

from django.db import migrations, models

SEARCHED = (
    ("deals_registration_customer_search", "deals_registration", "end_customer"),
    ("deals_registration_title_search", "deals_registration", "title"),
    ("partners_partner_name_search", "partners_partner", "name"),
)


def search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in SEARCHED:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (upper("{column}"::text) gin_trgm_ops)'
        )


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _, _ in SEARCHED:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0003_registration_key_indexes"),
        ("partners", "0003_nonrenewalnotice_reminder_workitem"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="order",
            index=models.Index(fields=["ordered_on", "id"], name="order_ordered"),
        ),
        migrations.AddIndex(
            model_name="registration",
            index=models.Index(fields=["submitted_on", "id"], name="registration_submitted"),
        ),
        migrations.AddIndex(
            model_name="registration",
            index=models.Index(fields=["status", "submitted_on", "id"], name="registration_status_submitted"),
        ),
        migrations.AddIndex(
            model_name="registration",
            index=models.Index(fields=["partner", "submitted_on", "id"], name="registration_partner_submitted"),
        ),
        migrations.RunPython(search_indexes, drop_search_indexes),
    ]
