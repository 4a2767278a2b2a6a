"""Demo vendor staff: a partner manager of the vendor and an administrator."""

from django.contrib.auth.models import Group

from partnerhub.core.demodata import DemoContext
from partnerhub.core.permissions import MANAGER_GROUP


def build(ctx: DemoContext) -> None:
    manager = ctx.user(
        "manager",
        "maria",
        "maria-demo-2019",
        first_name="Maria",
        last_name="Lopez",
        is_staff=True,
        email="maria.lopez@vendor.example",
    )
    manager.groups.add(Group.objects.get_or_create(name=MANAGER_GROUP)[0])
    ctx.user("admin", "admin", "admin-demo-2019", is_staff=True, is_superuser=True, email="admin@vendor.example")
