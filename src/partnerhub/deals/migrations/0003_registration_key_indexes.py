"""The indexes the duplicate review looks registrations up by: a b-tree on the opportunity key everywhere,
and on PostgreSQL a trigram index (`pg_trgm`, enabled here) on the normalized customer. Apart from 0002:
PostgreSQL does not build an index on a table with updates pending in the same transaction."""

from django.db import migrations, models


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS deals_registration_customer_trgm "
        "ON deals_registration USING gin (customer_key gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS deals_registration_customer_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0002_registration_normalized_names"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="registration",
            index=models.Index(fields=["opportunity_key"], name="deals_regis_opportu_c0d164_idx"),
        ),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
