"""Demo neighbourhoods for Cherwell, built from the committed LSOA outlines through the real
services, with obviously fictional teams, a few events and Neighbourhood Action Group
priorities. Creates nothing twice."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from safer.accounts.models import User
from safer.neighbourhoods import geometry, services
from safer.neighbourhoods.models import Neighbourhood

# Groups of Cherwell's 2011 LSOAs (safer/intel/data/cherwell-lsoa-2011.geojson) by MSOA, drawn
# to follow the towns: each group dissolves into one outline (Bicester into two parts).
AREAS = [
    {
        "slug": "banbury-north-west",
        "name": "Banbury North and West",
        "description": "Hardwick, Neithrop and Ruscote, north and west of Banbury town centre.",
        "lsoas": "E01028441 E01028443 E01028444 E01032943 E01032944 E01028445 E01028446 "
        "E01028447 E01028448 E01028449 E01028450 E01028451 E01028452 E01028453 E01028454",
    },
    {
        "slug": "banbury-east-south",
        "name": "Banbury East and South",
        "description": "Grimsbury, Calthorpe and Bodicote, east and south of the town centre.",
        "lsoas": "E01028435 E01028437 E01028438 E01028439 E01028440 E01032941 E01032942 "
        "E01028430 E01028431 E01028432 E01028433 E01028434 E01028426 E01028427 E01028428 "
        "E01028429",
    },
    {
        "slug": "bicester",
        "name": "Bicester",
        "description": "Bicester town, its estates and the garrison.",
        "lsoas": "E01028478 E01028459 E01028460 E01028461 E01028462 E01028455 E01028456 "
        "E01028457 E01028458 E01028467 E01028466 E01028469 E01028470 E01028471 E01028472 "
        "E01028473 E01028463 E01028464 E01028465 E01028468",
    },
    {
        "slug": "kidlington",
        "name": "Kidlington and Gosford",
        "description": "Kidlington village, Gosford and Water Eaton.",
        "lsoas": "E01028487 E01028489 E01028490 E01028491 E01028494 E01028492 E01028493 "
        "E01028495 E01028496 E01028488 E01028510 E01028511 E01028512",
    },
    {
        "slug": "north-cherwell-villages",
        "name": "North Cherwell villages",
        "description": "The villages around Banbury, from Cropredy to Adderbury and Deddington.",
        "lsoas": "E01028479 E01028480 E01028508 E01028509 E01028422 E01028423 E01028475 "
        "E01028476 E01028474 E01028485 E01028486 E01028503 E01028504 E01028481 E01028482",
    },
    {
        "slug": "south-cherwell-villages",
        "name": "South Cherwell villages",
        "description": "The villages around Bicester and Kidlington, from Steeple Aston to "
        "Launton and Yarnton.",
        "lsoas": "E01028505 E01028506 E01028507 E01028425 E01028477 E01028483 E01028484 "
        "E01028499 E01028424 E01028497 E01028498 E01028500 E01028501 E01028502",
    },
]

# Obviously fictional people (the demo's naming: "-Demo" surnames), work contacts at example.org.
TEAMS = {
    "banbury-north-west": [("Sergeant", "Sam Sergeant-Demo"), ("PC", "Pat Constable-Demo")],
    "banbury-east-south": [("Sergeant", "Ola Sergeant-Demo"), ("PCSO", "Jo Support-Demo")],
    "bicester": [("Inspector", "Ivy Inspector-Demo"), ("PCSO", "Ben Beat-Demo")],
    "kidlington": [("PC", "Kit Constable-Demo"), ("PCSO", "Lee Support-Demo")],
    "north-cherwell-villages": [("PC", "Nell Rural-Demo")],
    "south-cherwell-villages": [("PCSO", "Rob Rural-Demo")],
}

# Public places to meet the teams (police.uk's `locations`), and one useful link for all.
STATIONS = {
    "banbury-north-west": ("Banbury Police Station", "Warwick Road, Banbury", "OX16 2AE"),
    "banbury-east-south": ("Banbury Police Station", "Warwick Road, Banbury", "OX16 2AE"),
    "bicester": ("Bicester Police Station", "Queens Avenue, Bicester", "OX26 2NR"),
}
COUNCIL_LINK = {
    "url": "https://www.cherwell.gov.uk",
    "title": "Cherwell District Council",
    "description": "Report noise, fly-tipping and other problems to the council",
}

PRIORITIES = {
    "banbury-north-west": [
        ("Anti-social behaviour by groups of young people at the Hardwick shops", 45, ""),
        (
            "Off-road motorbikes on the Ruscote playing fields",
            90,
            "Joint patrols with the council's ASB team; two bikes seized under section 59.",
        ),
    ],
    "banbury-east-south": [("Drug dealing near the railway station footbridge", 30, "")],
    "bicester": [
        (
            "Shoplifting in Sheep Street and the Bure Place shops",
            60,
            "Retailers' radio scheme relaunched; a shop theft surgery for staff.",
        ),
        ("Speeding on Banbury Road", 20, ""),
    ],
    "kidlington": [("Bike theft from the Oxford Road parade", 40, "")],
    "north-cherwell-villages": [("Rural crime: thefts of farm machinery and fuel", 75, "")],
    "south-cherwell-villages": [("Hare coursing on farmland near Launton", 50, "")],
}


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed_neighbourhoods() -> int:
    """The six demo neighbourhoods with their teams, events and priorities; a count made."""
    coordinator = User.objects.filter(username="coordinator").first()
    made = 0
    for order, area in enumerate(AREAS):
        if Neighbourhood.objects.filter(slug=area["slug"]).exists():
            continue
        codes = area["lsoas"].split()
        n = services.neighbourhood_create(
            created_by=coordinator,
            slug=area["slug"],
            name=area["name"],
            description=area["description"],
            lsoa_codes=codes,
            boundary=geometry.boundary_from_lsoas(codes),
            contact_email=f"{area['slug']}.team@example.org",
            contact_telephone="101",
            is_published=True,
            links=[COUNCIL_LINK],
            locations=[
                {"name": name, "address": address, "postcode": postcode, "type": "station"}
                for slug, (name, address, postcode) in STATIONS.items()
                if slug == area["slug"]
            ],
        )
        for position, (rank, name) in enumerate(TEAMS[area["slug"]]):
            services.team_member_add(
                neighbourhood=n,
                added_by=coordinator,
                name=name,
                rank=rank,
                bio=f"A fictional member of the {area['name']} team, for the demo.",
                contact_email=f"{area['slug']}.team@example.org",
                order=position,
            )
        services.event_add(
            neighbourhood=n,
            added_by=coordinator,
            title="Beat meeting",
            type="meeting",
            address="The community centre (demo)",
            starts_at=_at(7 + order, 19),
            ends_at=_at(7 + order, 20),
        )
        services.event_add(
            neighbourhood=n,
            added_by=coordinator,
            title="Street surgery: meet your team",
            type="surgery",
            address="Outside the library (demo)",
            starts_at=_at(14 + order, 11),
            ends_at=_at(14 + order, 13),
        )
        for issue, age, action in PRIORITIES[area["slug"]]:
            services.priority_add(
                neighbourhood=n,
                added_by=coordinator,
                issue=issue,
                issue_date=timezone.localdate() - timedelta(days=age),
                action=action,
                action_date=timezone.localdate() - timedelta(days=age // 3) if action else None,
            )
        made += 1
    return made
