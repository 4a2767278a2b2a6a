"""On PostgreSQL, the duplicate review's trigram index on the distinctive part of each normalized customer: the
name without the words many company names share ("systems", "bank", "logistics" …). A name with such a word is
close to every other name that has it (one customer in 32 of the benchmark's is a "Logistics": 66,382
candidates for one review, 1.2 s); its distinctive part is close only to names like it. The words are listed
once, in `deals_customer_core`, which the index and the review's query both call (docs/performance.md)."""

from django.db import migrations

# Lower case and unaccented, as `policy.opportunity.normalize_company` leaves a name. A name made only of
# such words is compared whole.
SHARED_WORDS = (
    "airlines|bank|banking|brewery|capital|chemicals|clinic|clinics|consulting|dairy|data|digital"
    "|electronics|energy|engineering|enterprises|finance|financial|foods|foundry|freight|global|group"
    "|health|healthcare|holding|holdings|hotels|industries|insurance|international|investments|labs"
    "|logistics|management|manufacturing|media|mining|motors|networks|partners|pharma|pharmaceuticals"
    "|retail|robotics|services|shipping|software|solutions|steel|studios|systems|technologies|technology"
    "|telecom|textiles|trading|utilities|water"
)


CORE_FUNCTION = rf"""
CREATE OR REPLACE FUNCTION deals_customer_core(customer text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(
        nullif(btrim(regexp_replace(customer, '\m({SHARED_WORDS})\M', ' ', 'g')), ''),
        customer
    )
$$
"""


def core_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CORE_FUNCTION)
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS deals_registration_customer_core_trgm "
        "ON deals_registration USING gin (deals_customer_core(customer_key) gin_trgm_ops)"
    )
    # The whole name's index answered the review before; nothing else searches customer_key by trigram.
    schema_editor.execute("DROP INDEX IF EXISTS deals_registration_customer_trgm")


def drop_core_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS deals_registration_customer_trgm "
        "ON deals_registration USING gin (customer_key gin_trgm_ops)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS deals_registration_customer_core_trgm")
    schema_editor.execute("DROP FUNCTION IF EXISTS deals_customer_core(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0004_list_indexes"),
    ]

    operations = [
        migrations.RunPython(core_index, drop_core_index),
    ]
