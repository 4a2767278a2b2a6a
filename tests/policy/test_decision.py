import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

from partnerhub.policy.decision import Decision, Reason


@dataclass(frozen=True)
class Registration:
    submitted_on: dt.date
    value: Decimal

    def as_dict(self) -> dict[str, object]:
        return {"submitted_on": self.submitted_on, "value": self.value}


def test_as_dict_is_json_all_the_way_down() -> None:
    decision = Decision(
        outcome=Registration(dt.date(2019, 4, 1), Decimal("10.50")),
        policy_version=dt.date(2018, 1, 31),
        reasons=(Reason("timely", "7.3", "submitted before the order", True),),
        facts={"registration": Registration(dt.date(2019, 3, 1), Decimal("1")), "days": (dt.date(2019, 1, 1),)},
    )
    body = json.loads(json.dumps(decision.as_dict()))
    assert body["outcome"] == {"submitted_on": "2019-04-01", "value": "10.50"}
    assert body["facts"]["registration"]["submitted_on"] == "2019-03-01"
    assert body["facts"]["days"] == ["2019-01-01"]
    assert body["policy_version"] == "2018-01-31"
    assert body["reasons"] == [
        {"code": "timely", "section": "7.3", "message": "submitted before the order", "met": True}
    ]
