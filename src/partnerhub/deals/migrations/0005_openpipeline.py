"""The open registrations summed for the pipeline report (`OpenPipeline`), kept up to date on PostgreSQL by
statement triggers over the changed rows (transition tables): set-based, so a bulk update costs one upsert per
group, not one per row. Filled here from the registrations there are."""

from django.db import migrations, models

OPEN = "('pending', 'approved')"

# (sign, transition table) pairs whose rows a statement adds to (+1) or takes from (-1) the sums.
DELTAS = {
    "insert": ((1, "new_rows"),),
    "update": ((-1, "old_rows"), (1, "new_rows")),
    "delete": ((-1, "old_rows"),),
}


def _upsert(changes: str) -> str:
    """Add `changes` (regions, country, status, currency, value, sign) to the sums, one row per group."""
    return f"""
        INSERT INTO deals_openpipeline (regions, country, status, currency, total, registrations)
        SELECT regions, country, status, currency, sum(sign * estimated_value), sum(sign)
        FROM ({changes}) AS changes
        GROUP BY regions, country, status, currency
        HAVING sum(sign) <> 0 OR sum(sign * estimated_value) <> 0
        ON CONFLICT (regions, country, status, currency) DO UPDATE
        SET total = deals_openpipeline.total + excluded.total,
            registrations = deals_openpipeline.registrations + excluded.registrations"""


def _registration_changes(operation: str) -> str:
    return " UNION ALL ".join(
        f"SELECT p.regions, r.country, r.status, r.currency, r.estimated_value, {sign} AS sign "
        f"FROM {table} r JOIN partners_partner p ON p.id = r.partner_id WHERE r.status IN {OPEN}"
        for sign, table in DELTAS[operation]
    )


# A partner's new regions move its open registrations from the old group to the new one.
PARTNER_CHANGES = " UNION ALL ".join(
    f"SELECT {side}.regions, r.country, r.status, r.currency, r.estimated_value, {sign} AS sign "
    "FROM old_partners o JOIN new_partners n ON n.id = o.id AND n.regions IS DISTINCT FROM o.regions "
    f"JOIN deals_registration r ON r.partner_id = o.id AND r.status IN {OPEN}"
    for sign, side in ((-1, "o"), (1, "n"))
)


def _function(name: str, body: str) -> str:
    return f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {body}; RETURN NULL; END $$"""


FORWARD = [
    *(_function(f"deals_open_pipeline_{op}", _upsert(_registration_changes(op))) for op in DELTAS),
    _function("deals_open_pipeline_regions", _upsert(PARTNER_CHANGES)),
    _function("deals_open_pipeline_truncate", "DELETE FROM deals_openpipeline"),
    *(
        f"CREATE TRIGGER deals_open_pipeline_{op} AFTER {op.upper()} ON deals_registration "
        f"REFERENCING {refs} FOR EACH STATEMENT EXECUTE FUNCTION deals_open_pipeline_{op}()"
        for op, refs in (
            ("insert", "NEW TABLE AS new_rows"),
            ("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("delete", "OLD TABLE AS old_rows"),
        )
    ),
    "CREATE TRIGGER deals_open_pipeline_regions AFTER UPDATE ON partners_partner "
    "REFERENCING OLD TABLE AS old_partners NEW TABLE AS new_partners "
    "FOR EACH STATEMENT EXECUTE FUNCTION deals_open_pipeline_regions()",
    "CREATE TRIGGER deals_open_pipeline_truncate AFTER TRUNCATE ON deals_registration "
    "FOR EACH STATEMENT EXECUTE FUNCTION deals_open_pipeline_truncate()",
    "DELETE FROM deals_openpipeline",
    _upsert(
        "SELECT p.regions, r.country, r.status, r.currency, r.estimated_value, 1 AS sign "
        f"FROM deals_registration r JOIN partners_partner p ON p.id = r.partner_id WHERE r.status IN {OPEN}"
    ),
]

BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS deals_open_pipeline_{op} ON deals_registration" for op in (*DELTAS, "truncate")),
    "DROP TRIGGER IF EXISTS deals_open_pipeline_regions ON partners_partner",
    *(f"DROP FUNCTION IF EXISTS deals_open_pipeline_{op}()" for op in (*DELTAS, "regions", "truncate")),
]


def triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0004_list_indexes"),
        ("partners", "0003_nonrenewalnotice_reminder_workitem"),
    ]

    operations = [
        migrations.CreateModel(
            name="OpenPipeline",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("regions", models.JSONField(help_text="the partner's authorized regions")),
                ("country", models.CharField(max_length=2)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("approved", "Approved"),
                            ("rejected", "Rejected"),
                            ("won", "Won"),
                            ("lost", "Lost"),
                        ],
                        max_length=20,
                    ),
                ),
                ("currency", models.CharField(max_length=3)),
                (
                    "total",
                    models.DecimalField(decimal_places=2, help_text="the sum of the estimated values", max_digits=20),
                ),
                ("registrations", models.IntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("regions", "country", "status", "currency"), name="open_pipeline_key"
                    )
                ],
            },
        ),
        migrations.RunPython(triggers, drop_triggers),
    ]
