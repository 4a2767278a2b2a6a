import datetime as dt

import pytest

TODAY = dt.date(2019, 5, 15)


@pytest.fixture(autouse=True)
def _today(monkeypatch) -> dt.date:
    """The API's "today" (registrations by representatives, default decision dates) is 15 May 2019."""
    monkeypatch.setattr("partnerhub.deals.api.today", lambda: TODAY)
    monkeypatch.setattr("partnerhub.deals.protection_api.today", lambda: TODAY)
    monkeypatch.setattr("partnerhub.compensation.api.today", lambda: TODAY)
    return TODAY
