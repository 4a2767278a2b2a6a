import pytest

from partnerhub.policy.load import SHIPPED_POLICY, load_policy_file
from partnerhub.policy.model import Policy


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy_file(SHIPPED_POLICY)
