import pytest


@pytest.fixture
def as_manager(client, manager_user):
    """The test client signed in as the vendor manager."""
    client.force_login(manager_user)
    return client
