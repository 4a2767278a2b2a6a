from django.db import migrations

MANAGER_GROUP = "vendor managers"


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=MANAGER_GROUP)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=MANAGER_GROUP).delete()


class Migration(migrations.Migration):
    """The role group exists from the start, so an admin can make someone a vendor manager."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_group, delete_group),
    ]
