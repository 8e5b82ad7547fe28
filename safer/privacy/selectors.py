"""Reads of the data protection app."""

from safer.privacy.models import DataRequest, Restriction
from safer.privacy.retention import retention_rules

# Records of processing (UK GDPR Art. 30): what is held, why, and who it is shared with.
LAWFUL_BASIS = (
    "UK GDPR Art. 6(1)(e): a task in the public interest and official authority, under the "
    "Crime and Disorder Act 1998 s.17 (duty to consider crime and disorder) and s.115 (power "
    "to share with relevant authorities), and the Anti-social Behaviour, Crime and Policing Act "
    "2014 (case reviews, injunctions, closure orders, community protection notices)."
)
SPECIAL_BASIS = (
    "Special category data (health, disability, vulnerability: Art. 9) and criminal offence "
    "data (Art. 10): Data Protection Act 2018 Schedule 1, paragraph 6 (statutory and government "
    "purposes), paragraph 10 (preventing or detecting unlawful acts) and paragraph 18 "
    "(safeguarding of children and individuals at risk), under the partnership's appropriate "
    "policy document."
)
SHARED_WITH = (
    "Partner organisations of the Community Safety Partnership (the council, police, housing "
    "providers, fire and rescue, health and probation) under the information sharing agreement, "
    "case by case: a record is seen by its owner and by organisations it is shared with."
)


def processing_records() -> list[dict]:
    """The record types held, with their purpose, basis, retention and sharing."""
    rules = {rule["key"]: rule for rule in retention_rules()}
    cases = rules["closed_cases"]
    reports = rules["reports_without_case"]
    case_retention = f"{cases['years']} years from closure, then deleted"
    return [
        {
            "record": "People (reporters, victims, witnesses, alleged perpetrators)",
            "data": "Name, date of birth, contact details, address, description, "
            "vulnerability notes",
            "purpose": "Identify those involved in anti-social behaviour, support victims, "
            "act on perpetrators",
            "retention": "As long as a report, case or intervention names them; then anonymised",
        },
        {
            "record": "Reports of anti-social behaviour",
            "data": "What happened, when and where; who was involved; risk assessment answers",
            "purpose": "Record and assess incidents, find repeat victims, places and perpetrators",
            "retention": f"Never made into a case: {reports['years']} years, then deleted. "
            f"Otherwise with their case.",
        },
        {
            "record": "Cases (anti-social behaviour and nuisance)",
            "data": "Case history, notes, tasks, risk, outcome",
            "purpose": "Manage the partnership's response, case reviews (ASBCPA 2014 s.104)",
            "retention": case_retention,
        },
        {
            "record": "Case documents and letters",
            "data": "Uploaded files (diary sheets, statements, photographs) and letters sent",
            "purpose": "Evidence and correspondence for the case",
            "retention": f"With their case: {case_retention}",
        },
        {
            "record": "Interventions",
            "data": "Warnings, contracts, notices, injunctions and orders against a person, "
            "their conditions, breaches and court outcomes",
            "purpose": "Record and review enforcement under the ASBCPA 2014",
            "retention": f"With their case: {case_retention}",
        },
        {
            "record": "Audit log",
            "data": "Who viewed or changed which record, when and from where (records by id)",
            "purpose": "Accountability and security (UK GDPR Art. 5(2), Art. 32)",
            "retention": "Kept whole; it names records by id, so anonymised people stay anonymous",
        },
        {
            "record": "Staff accounts",
            "data": "Name, email, organisation, role, sign-in history",
            "purpose": "Control who may see what",
            "retention": "Deactivated, not deleted, while the audit log names them",
        },
        {
            "record": "Police recorded crime (intelligence hub)",
            "data": "Published police.uk street-level data: no names, approximate locations",
            "purpose": "Strategic assessment and hotspot analysis",
            "retention": "Replaced as police.uk publishes; not personal data",
        },
    ]


def data_requests_for(person_id: int):
    return DataRequest.objects.filter(person_id=person_id).select_related("decided_by")


def restriction_of(person_id: int) -> Restriction | None:
    return Restriction.objects.filter(person_id=person_id).first()
