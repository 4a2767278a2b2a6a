"""PolicyDraft moves from evaluations to policystore, beside the published versions: only Django's idea of
which app owns it changes. The table keeps its name (`evaluations_policydraft`), so no row moves; the draft's
content type is renamed so that permissions and admin history given on it stay attached."""

import django.db.models.deletion
from django.apps.registry import Apps
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def rename_content_type(apps: Apps, schema_editor: BaseDatabaseSchemaEditor, *, old: str, new: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    alias = schema_editor.connection.alias
    if not content_type.objects.using(alias).filter(app_label=new, model="policydraft").exists():
        content_type.objects.using(alias).filter(app_label=old, model="policydraft").update(app_label=new)


def forwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    rename_content_type(apps, schema_editor, old="evaluations", new="policystore")


def backwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    rename_content_type(apps, schema_editor, old="policystore", new="evaluations")


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("evaluations", "0002_notices_lapse_after_the_notification_date"),
        ("policystore", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PolicyDraft",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(help_text="the uploaded file's name", max_length=200)),
                        ("source_text", models.TextField()),
                        ("sha256", models.CharField(max_length=64)),
                        ("version_date", models.DateField()),
                        ("program_year", models.PositiveIntegerField()),
                        ("title", models.CharField(max_length=200)),
                        ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                        ("published_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "published",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="policystore.policyversion",
                            ),
                        ),
                        (
                            "uploaded_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "evaluations_policydraft",
                        "ordering": ("-uploaded_at", "-id"),
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
