"""Which of the policy's regions a country lies in, for the pipeline-by-region chart.

Deals carry a country (ISO 3166-1 alpha-2), not a region. A partner authorized in one region has all its
deals there; for a partner in several, the country decides, by the usual split of the vendor's sales
regions: the Americas; Asia and the Pacific; Europe, the Middle East and Africa for the rest. Region keys
the policy does not have are never returned.
"""

from __future__ import annotations

from collections.abc import Collection


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


AMERICAS = _codes(
    "AG AI AR AW BB BL BM BO BQ BR BS BZ CA CL CO CR CU CW DM DO EC FK GD GF GL GP "
    "GT GY HN HT JM KN KY LC MF MQ MS MX NI PA PE PM PR PY SR SV SX TC TT US UY VC "
    "VE VG VI "
)
ASIA_PACIFIC = _codes(
    "AF AS AU BD BN BT CC CK CN CX FJ FM GU HK ID IN IO JP KG KH KI KP KR KZ LA LK "
    "MH MM MN MO MP MV MY NC NF NP NR NU NZ PF PG PH PK PN PW SB SG TH TJ TK TL TM "
    "TO TV TW UM UZ VN VU WF WS "
)


def region_of(country: str, partner_regions: Collection[str], known: Collection[str]) -> str:
    """The region of a deal in `country` by a partner authorized in `partner_regions`."""
    regions = [region for region in partner_regions if region in known]
    if len(regions) == 1:
        return regions[0]
    code = country.upper()
    guess = "AMER" if code in AMERICAS else "APAC" if code in ASIA_PACIFIC else "EMEA"
    if guess in known and (not regions or guess in regions):
        return guess
    return regions[0] if regions else guess
