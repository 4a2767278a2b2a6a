import datetime as dt

import pytest

TODAY = dt.date(2019, 6, 15)


@pytest.fixture(autouse=True)
def _today(monkeypatch) -> dt.date:
    """The API's "today" (a partner user's plans and claims, default decision dates) is 15 June 2019."""
    monkeypatch.setattr("partnerhub.funds.api.today", lambda: TODAY)
    monkeypatch.setattr("partnerhub.benefits.api.common.today", lambda: TODAY)
    return TODAY
