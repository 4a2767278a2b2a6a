"""The chart geometry and the country-to-region split behind the console's reports."""

from partnerhub.portal.charts import column_chart, hbars, nice_step
from partnerhub.portal.regions import region_of

KNOWN = ("AMER", "EMEA", "APAC")


def test_axis_steps_are_round():
    assert [nice_step(v) for v in (21, 10, 4800, 3)] == [5, 2, 1000, 1]


def test_columns_stack_from_the_axis_and_keep_their_numbers():
    chart = column_chart([("Q1", [2, 3]), ("Q2", [0, 10])], ["Keep", "At risk"], counts=True)

    first, second = chart.groups
    assert first.rects[0].y + first.rects[0].height == chart.plot_bottom
    assert first.rects[1].y + first.rects[1].height == first.rects[0].y
    assert second.rects[1].height > first.rects[1].height
    assert chart.rows == [("Q1", [2, 3], 5), ("Q2", [0, 10], 10)]
    assert [tick.label for tick in chart.ticks] == ["0", "2", "4", "6", "8", "10"]


def test_an_empty_chart_still_has_an_axis():
    chart = column_chart([], ["Keep"])

    assert chart.groups == [] and chart.ticks


def test_horizontal_bars_scale_to_the_largest():
    bars = hbars([("a", 5, "5", ""), ("b", 10, "10", "/b")])

    assert [bar.percent for bar in bars] == [50, 100]


def test_a_partner_in_one_region_has_all_its_deals_there():
    assert region_of("US", ["EMEA"], KNOWN) == "EMEA"


def test_a_partner_in_several_regions_places_a_deal_by_its_country():
    assert region_of("US", ["AMER", "EMEA"], KNOWN) == "AMER"
    assert region_of("DE", ["AMER", "EMEA"], KNOWN) == "EMEA"
    assert region_of("JP", ["APAC", "EMEA"], KNOWN) == "APAC"
