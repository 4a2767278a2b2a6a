"""Fixtures of the directory tests: Northwind brought into good standing through the API, as a manager would."""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from partnerhub.partners.models import Partner, PartnerUser

from .standing import in_good_standing

D = dt.date


@pytest.fixture
def northwind(api_client, manager_user, published_policy) -> Partner:
    return in_good_standing(api_client, manager_user, "Northwind Consulting")


@pytest.fixture
def paul(northwind, password) -> User:
    """Northwind's Designated Partner Representative."""
    user = User.objects.create_user("paul", email="paul@northwind.example", password=password)
    PartnerUser.objects.create(user=user, partner=northwind, representative=True)
    return user


@pytest.fixture
def directory_policy(published_policy, tmp_path):
    """`directory_policy(on, **directory)`: a later policy version, in force from `on`, whose `directory:` part is
    the shipped one updated with `directory`."""
    import yaml
    from django.core.management import call_command

    from partnerhub.policy.load import SHIPPED_POLICY

    def publish(on: dt.date, **directory) -> None:
        document = yaml.safe_load(SHIPPED_POLICY.read_text(encoding="utf-8"))
        document["version_date"] = on
        document["directory"].update(directory)
        path = tmp_path / f"{on.isoformat()}.yaml"
        path.write_text(yaml.safe_dump(document), encoding="utf-8")
        call_command("load_policy", str(path), verbosity=0)

    return publish
