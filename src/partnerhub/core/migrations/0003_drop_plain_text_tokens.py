"""API tokens moved from DRF's authtoken (kept in plain text, never expiring) to django-rest-knox (hashed,
expiring). The old table's tokens are not carried over: they would keep the plain text they leaked and
never expire. Holders sign in again at POST /api/v1/auth/token/."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_security_events"),
    ]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", reverse_sql=migrations.RunSQL.noop),
    ]
