"""The demo programme as data: the partners the demo builds, their deals, and the names of their people.

Each `Spec` is one partner's story, dated in days before the demo's today; `Builder` (`portal.demo.builder`)
tells it through the apps' services.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Deal:
    """A deal registration: `days` before today it was submitted; `status` where it ended up."""

    customer: str
    title: str
    value: int
    days: int
    status: str = "pending"
    country: str = ""


@dataclass(frozen=True)
class Spec:
    """One demo partner. `approved` is days before today (None: still an application, `applied` days ago);
    `staffing` is how much of its classification's resource rows it fills (1.0: all of them)."""

    name: str
    classification: str
    regions: tuple[str, ...]
    territories: tuple[str, ...]
    products: tuple[str, ...] = ("amelia",)
    applied: int = 0
    approved: int | None = None
    staffing: float = 1.0
    pay_fee: bool = True
    compliance: bool = True
    lapsing: int = 0
    """How many certifications of its sales people lapse within the next month (recertification due)."""
    leavers: int = 0
    """How many of its certified technical people left two months ago (a registered partner falling short)."""
    end: str = ""
    """"deactivated" or "terminated": how its story ends."""
    deals: tuple[Deal, ...] = ()
    requests: tuple[tuple[str, str], ...] = ()
    """Benefit requests: (benefit key, "requested" / "fulfilled" / "declined")."""
    trademark: str = ""
    """A trademark use: "requested" or "approved"."""
    kind: str = "company"
    solution_name: str = ""
    reseller: bool = False


PROGRAMME: tuple[Spec, ...] = (
    # Advisory
    Spec(
        "Alpine Ski House Advisory",
        "advisory",
        ("EMEA",),
        ("CH", "AT"),
        applied=300,
        approved=290,
        deals=(
            Deal("Lucerne Publishing AG", "Virtual agent for customer care", 180_000, 120, "won"),
            Deal("Helvetia Rail", "HR service desk assistant", 95_000, 20),
        ),
    ),
    Spec(
        "Bellows College Consulting",
        "advisory",
        ("AMER",),
        ("US",),
        applied=250,
        approved=240,
        deals=(Deal("Boston University Hospital", "Patient intake automation", 210_000, 60, "approved"),),
    ),
    Spec("Proseware Advisory", "advisory", ("APAC",), ("SG",), applied=70, approved=60, staffing=0.5, pay_fee=False),
    Spec(
        "Relecloud Advisors",
        "advisory",
        ("EMEA",),
        ("NL", "BE"),
        applied=220,
        approved=210,
        compliance=False,
        deals=(Deal("Rijksbank Digital", "Mortgage chatbot", 150_000, 45, "rejected"),),
    ),
    # Alliance
    Spec(
        "Coho Winery Digital",
        "alliance",
        ("AMER",),
        ("US", "CA"),
        applied=335,
        approved=325,
        lapsing=2,
        deals=(
            Deal("Napa Valley Growers", "Order desk assistant", 120_000, 200, "won"),
            Deal("Sonoma Health", "IT help desk automation", 260_000, 150, "lost"),
            Deal("Vancouver Port Authority", "Customer contact center agent", 340_000, 30, "approved"),
            Deal("Seattle Transit", "Citizen services chatbot", 180_000, 6),
        ),
    ),
    Spec(
        "Datum Corporation",
        "alliance",
        ("EMEA",),
        ("DE",),
        applied=280,
        approved=270,
        deals=(
            Deal("Contoso Pharma GmbH", "Service desk automation", 420_000, 12),
            Deal("Bayerische Versicherung", "Claims intake agent", 300_000, 95, "won"),
            Deal("Stadtwerke Köln", "Billing enquiries assistant", 130_000, 75, "lost"),
        ),
    ),
    Spec(
        "Fourth Coffee Solutions",
        "alliance",
        ("APAC",),
        ("AU", "NZ"),
        applied=350,
        approved=343,
        lapsing=1,
        deals=(
            Deal("Melbourne Water", "Field service dispatch agent", 230_000, 160, "won"),
            Deal("Auckland Council", "Ratepayer enquiries bot", 110_000, 15),
        ),
    ),
    Spec("Graphic Design Institute", "alliance", ("EMEA",), ("FR", "BE"), applied=50, approved=40, staffing=0.5),
    Spec(
        "Lamna Healthcare Partners",
        "alliance",
        ("AMER",),
        ("US",),
        applied=370,
        approved=360,
        deals=(
            Deal("Mercy Health Network", "Patient scheduling assistant", 380_000, 140, "won"),
            Deal("Fabrikam Bank", "Mortgage chatbot", 160_000, 9),
        ),
    ),
    Spec(
        "Margie's Travel Tech",
        "alliance",
        ("EMEA",),
        ("ES", "PT"),
        applied=200,
        approved=190,
        deals=(
            Deal("Iberia Hoteles S.A.", "Booking changes assistant", 140_000, 100, "approved"),
            Deal("Lisboa Turismo", "Visitor information agent", 60_000, 4),
        ),
        requests=(("demo_center_reservation", "fulfilled"),),
    ),
    # Implementation
    Spec(
        "Blue Yonder Automation",
        "implementation",
        ("EMEA",),
        ("GB", "IE"),
        ("amelia",),
        applied=320,
        approved=310,
        reseller=True,
        deals=(
            Deal("Thames Water Services", "Customer contact automation", 640_000, 170, "won"),
            Deal("Fabrikam Bank plc", "Mortgage chat bot", 175_000, 8),
            Deal("Northern Rail", "Passenger assistance agent", 290_000, 50, "approved"),
        ),
        requests=(("amelia_sandbox", "fulfilled"), ("technical_classroom_training", "requested")),
        trademark="approved",
    ),
    Spec(
        "Consolidated Messenger",
        "implementation",
        ("AMER",),
        ("US",),
        ("amelia", "1desk"),
        applied=260,
        approved=250,
        deals=(
            Deal("Chicago Logistics", "Shipment tracking assistant", 510_000, 130, "won"),
            Deal("Denver Health", "IT service desk", 330_000, 110, "lost"),
            Deal("Dallas Energy", "Outage reporting agent", 270_000, 25),
        ),
        requests=(("poc_support", "requested"),),
        trademark="requested",
    ),
    Spec(
        "First Up Consultants",
        "implementation",
        ("APAC",),
        ("JP",),
        applied=240,
        approved=230,
        leavers=2,
        deals=(Deal("Osaka Gas", "Customer billing assistant", 300_000, 70, "rejected"),),
        requests=(("advisory_services", "declined"),),
    ),
    Spec(
        "Nod Publishers Technology",
        "implementation",
        ("EMEA",),
        ("DE", "AT"),
        applied=290,
        approved=280,
        deals=(
            Deal("Contoso Pharma", "Service-desk automation", 400_000, 10),
            Deal("Wiener Stadtwerke", "Smart meter enquiries", 220_000, 90, "won"),
        ),
    ),
    Spec(
        "Southridge Video Systems",
        "implementation",
        ("AMER",),
        ("BR", "MX"),
        applied=90,
        approved=80,
        staffing=0.6,
        pay_fee=False,
    ),
    Spec(
        "Trey Research",
        "implementation",
        ("EMEA",),
        ("SE", "NO", "DK"),
        ("amelia", "1rpa"),
        applied=230,
        approved=220,
        deals=(
            Deal("Nordic Telecom AB", "Customer care virtual agent", 700_000, 80, "approved"),
            Deal("Oslo Kommune", "Citizen services assistant", 250_000, 120, "won"),
        ),
        requests=(("technical_classroom_training", "fulfilled"),),
    ),
    # Solution
    Spec(
        "VanArsdel Ltd",
        "solution",
        ("EMEA",),
        ("GB", "IE"),
        applied=340,
        approved=330,
        solution_name="Insurance claims automation",
        deals=(
            Deal("Humongous Insurance", "Claims automation", 900_000, 190, "won"),
            Deal("Dublin Airport", "Passenger services agent", 450_000, 35, "approved"),
            Deal("Scottish Power", "Field dispatch automation", 380_000, 14),
        ),
        requests=(("poc_support", "fulfilled"), ("amelia_sandbox", "requested")),
        trademark="requested",
    ),
    Spec(
        "Wide World Importers Digital",
        "solution",
        ("AMER",),
        ("US",),
        ("amelia", "1rpa"),
        applied=310,
        approved=300,
        leavers=1,
        solution_name="Supply chain exceptions desk",
        deals=(
            Deal("Tailwind Traders", "Procurement assistant", 560_000, 140, "lost"),
            Deal("Alpine Logistics Inc.", "Warehouse robotics desk", 480_000, 40, "approved"),
        ),
    ),
    Spec(
        "Lucerne Systems Asia",
        "solution",
        ("APAC",),
        ("SG", "MY"),
        applied=270,
        approved=260,
        solution_name="Banking virtual assistant",
        deals=(
            Deal("Marina Bay Bank", "Retail banking agent", 750_000, 100, "won"),
            Deal("Kuala Lumpur Telco", "Contact center automation", 520_000, 18),
        ),
    ),
    # Applications waiting for a manager
    Spec("Munson's Pickles Digital", "alliance", ("AMER",), ("US",), applied=6),
    Spec("Northwest Traders", "implementation", ("EMEA",), ("PL", "CZ"), applied=11),
    Spec("Wingtip Toys Automation", "advisory", ("APAC",), ("IN",), applied=3, kind="company"),
    # Stories that ended
    Spec(
        "Lakeshore Retail Tech",
        "alliance",
        ("AMER",),
        ("CA",),
        applied=260,
        approved=250,
        staffing=0.3,
        pay_fee=False,
        end="deactivated",
    ),
    Spec(
        "Adventure Works Integration", "implementation", ("EMEA",), ("IT",), applied=330, approved=320, end="terminated"
    ),
)

NORTHWIND_DEALS = (
    Deal("Fabrikam Retail Ltd", "Store operations help desk", 240_000, 150, "won"),
    Deal("Contoso Bank UK", "Customer onboarding assistant", 310_000, 110, "lost"),
    Deal("Wingtip Airlines", "Rebooking virtual agent", 280_000, 55, "approved"),
    Deal("Dublin City Council", "Citizen enquiries chatbot", 90_000, 38, "rejected", country="IE"),
    Deal("Margate Energy", "Meter reading assistant", 130_000, 5),
)
# Contoso's registrations after it rejoined (portal.demo.catchup): Northwind's Margate Energy again (a conflict)
# and its Wingtip Airlines almost alike (a near duplicate), both waiting for a manager.
CONTOSO_DEALS = (
    Deal("Margate Energy plc", "Meter reading assistant", 150_000, 3, country="DE"),
    Deal("Wingtip Airline", "Rebooking virtual agents", 260_000, 9, country="AT"),
)
LITWARE_DEALS = (
    Deal("Humongous Insurance", "Claims automation", 880_000, 60, "rejected", country="US"),
    Deal("Toronto Health Network", "Patient services agent", 520_000, 130, "won", country="CA"),
    Deal("Berlin Insurance AG", "Policy servicing automation", 410_000, 16, country="DE"),
)

FIRST_NAMES = (
    "Ana",
    "Ben",
    "Chloé",
    "Dev",
    "Eva",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kira",
    "Liam",
    "Maya",
    "Nils",
    "Olga",
    "Pablo",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Umar",
    "Vera",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
)
LAST_NAMES = (
    "Souza",
    "Okafor",
    "Martin",
    "Patel",
    "Novak",
    "Haddad",
    "Kim",
    "Tanaka",
    "Costa",
    "Berg",
    "Ivanova",
    "O'Brien",
    "Cohen",
    "Larsen",
    "Petrova",
    "Ruiz",
    "Murphy",
    "Bianchi",
    "Nieminen",
    "Singh",
    "Farouk",
    "Horvat",
    "Li",
    "Lopez",
    "Demir",
    "Adams",
    "Schmidt",
)
