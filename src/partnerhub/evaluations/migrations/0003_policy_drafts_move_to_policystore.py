"""PolicyDraft now belongs to policystore (its migration 0002): forget it here without touching its table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0002_notices_lapse_after_the_notification_date"),
        ("policystore", "0002_policy_drafts_beside_the_versions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PolicyDraft")],
            database_operations=[],
        ),
    ]
