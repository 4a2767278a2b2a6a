"""Each registration's normalized opportunity key and end customer, stored when written (filled here for the
existing rows from their opportunity's key); their indexes follow in 0003."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import StrIndex, Substr


def fill_keys(apps, schema_editor):
    """A registration's key is its opportunity's (that is how the opportunity was found); the customer is
    the part before the separator (a normalized name has none)."""
    Registration = apps.get_model("deals", "Registration")
    Opportunity = apps.get_model("deals", "Opportunity")
    key = Subquery(Opportunity.objects.filter(pk=OuterRef("opportunity_id")).values("key")[:1])
    Registration.objects.update(opportunity_key=key, customer_key=Substr(key, 1, StrIndex(key, Value("|")) - 1))


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="customer_key",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="the normalized end customer when written (§7.3)",
                max_length=200,
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="opportunity_key",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="normalized `customer|title` when written (§7.3)",
                max_length=600,
            ),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
