"""The enforcement toolkit as data, and the checks the law (or settled practice) sets for each tool.

Sources: the Anti-social Behaviour, Crime and Policing Act 2014 (in force 20 October 2014) and the
older tools still found in records (see the legal toolkit table in MISSION.md). Where the law sets a
limit, check() returns an error keyed by the field to correct; where it only expects something
(a warning before a notice, the youth offending team's views), check() returns a warning. Nothing
here touches the database: the caller passes the subject's age on the day and the kinds used before.
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from enum import StrEnum

ACT_2014_IN_FORCE = date(2014, 10, 20)


class InterventionKind(StrEnum):
    """Every intervention the register records; values are the API's snake-case kinds."""

    WARNING_LETTER = "warning_letter"
    ACCEPTABLE_BEHAVIOUR_CONTRACT = "acceptable_behaviour_contract"
    MEDIATION = "mediation"
    REFERRAL_TO_SUPPORT = "referral_to_support"
    CIVIL_INJUNCTION = "civil_injunction"
    CRIMINAL_BEHAVIOUR_ORDER = "criminal_behaviour_order"
    DISPERSAL_DIRECTION = "dispersal_direction"
    COMMUNITY_PROTECTION_WARNING = "community_protection_warning"
    COMMUNITY_PROTECTION_NOTICE = "community_protection_notice"
    PUBLIC_SPACES_PROTECTION_ORDER_BREACH = "public_spaces_protection_order_breach"
    CLOSURE_NOTICE = "closure_notice"
    CLOSURE_ORDER = "closure_order"
    POSSESSION_PROCEEDINGS = "possession_proceedings"
    COMMUNITY_REMEDY = "community_remedy"
    ASBO = "asbo"
    DRINKING_BANNING_ORDER = "drinking_banning_order"
    DISPERSAL_ORDER = "dispersal_order"
    ABATEMENT_NOTICE = "abatement_notice"
    NOISE_ACT_WARNING_NOTICE = "noise_act_warning_notice"
    NOISE_ACT_FIXED_PENALTY = "noise_act_fixed_penalty"
    LITTER_FIXED_PENALTY = "litter_fixed_penalty"
    WARRANT_TO_SEIZE_NOISE_EQUIPMENT = "warrant_to_seize_noise_equipment"


K = InterventionKind


@dataclass(frozen=True)
class Tool:
    """What a caseworker needs to know about one tool before recording it."""

    kind: InterventionKind
    label: str
    statute: str
    issued_by: str
    court_order: bool = False
    historical: bool = False
    publicity_possible: bool = False
    min_age: int | None = None
    against_premises: bool = False  # closure: the subject is a building, not a person
    since: date | None = None  # the first day it could be issued
    until: date | None = None  # the first day it could no longer be issued
    support: bool = False  # offered to anyone on the case (a victim too), not imposed on them

    @property
    def repealed(self) -> bool:
        return self.until is not None

    @property
    def choice_label(self) -> str:
        return f"{self.label} (repealed)" if self.repealed else self.label


_ACT_2014 = "Anti-social Behaviour, Crime and Policing Act 2014"

TOOLS: dict[InterventionKind, Tool] = {
    t.kind: t
    for t in [
        Tool(K.WARNING_LETTER, "Warning letter", "None (local practice)", "Any partner"),
        Tool(
            K.ACCEPTABLE_BEHAVIOUR_CONTRACT,
            "Acceptable behaviour contract",
            "None (voluntary agreement; Home Office guidance)",
            "Council, police or social landlord, with the person's agreement",
            min_age=10,
        ),
        Tool(K.MEDIATION, "Mediation", "None (voluntary)", "Mediation service", support=True),
        Tool(K.REFERRAL_TO_SUPPORT, "Referral to support", "None", "Any partner", support=True),
        Tool(
            K.CIVIL_INJUNCTION,
            "Civil injunction",
            f"{_ACT_2014} Part 1",
            "County Court or High Court (youth court if under 18), on application by a council, "
            "the police, a social landlord or another body listed in section 5",
            court_order=True,
            publicity_possible=True,
            min_age=10,
            since=ACT_2014_IN_FORCE,
        ),
        Tool(
            K.CRIMINAL_BEHAVIOUR_ORDER,
            "Criminal behaviour order",
            f"{_ACT_2014} Part 2",
            "Criminal court on conviction, on the prosecution's application",
            court_order=True,
            publicity_possible=True,
            min_age=10,
            since=ACT_2014_IN_FORCE,
        ),
        Tool(
            K.DISPERSAL_DIRECTION,
            "Dispersal direction",
            f"{_ACT_2014} Part 3 (s35)",
            "Police constable or PCSO, under an inspector's written authorisation",
            min_age=10,
            since=ACT_2014_IN_FORCE,
        ),
        Tool(
            K.COMMUNITY_PROTECTION_WARNING,
            "Community protection warning",
            f"{_ACT_2014} Part 4 Chapter 1 (s43)",
            "Council, police or a designated social landlord",
            min_age=16,
            since=ACT_2014_IN_FORCE,
        ),
        Tool(
            K.COMMUNITY_PROTECTION_NOTICE,
            "Community protection notice",
            f"{_ACT_2014} Part 4 Chapter 1 (s43)",
            "Council, police or a designated social landlord",
            min_age=16,
            since=ACT_2014_IN_FORCE,
        ),
        Tool(
            K.PUBLIC_SPACES_PROTECTION_ORDER_BREACH,
            "Public spaces protection order breach",
            f"{_ACT_2014} Part 4 Chapter 2 (ss59-67)",
            "Council (the order); council officer or police (fixed penalty or prosecution)",
            min_age=10,
            since=ACT_2014_IN_FORCE,
        ),
        Tool(
            K.CLOSURE_NOTICE,
            "Closure notice",
            f"{_ACT_2014} Part 4 Chapter 3 (s76)",
            "Police (inspector or above) or council",
            against_premises=True,
            since=ACT_2014_IN_FORCE,
        ),
        Tool(
            K.CLOSURE_ORDER,
            "Closure order",
            f"{_ACT_2014} Part 4 Chapter 3 (s80)",
            "Magistrates' court, on application by the police or council",
            court_order=True,
            publicity_possible=True,
            against_premises=True,
            since=ACT_2014_IN_FORCE,
        ),
        Tool(
            K.POSSESSION_PROCEEDINGS,
            "Possession proceedings",
            "Housing Act 1985 s84A and Housing Act 1988 Schedule 2 Ground 7A "
            f"(absolute ground, {_ACT_2014} Part 5)",
            "Landlord, through the County Court",
        ),
        Tool(
            K.COMMUNITY_REMEDY,
            "Community remedy",
            f"{_ACT_2014} s101",
            "Police, from the police and crime commissioner's list",
            min_age=10,
            since=ACT_2014_IN_FORCE,
        ),
        Tool(
            K.ASBO,
            "Anti-social behaviour order (ASBO)",
            "Crime and Disorder Act 1998 s1 (repealed 20 October 2014)",
            "Magistrates' court or County Court, on application by a council or the police",
            court_order=True,
            historical=True,
            publicity_possible=True,
            min_age=10,
            until=ACT_2014_IN_FORCE,
        ),
        Tool(
            K.DRINKING_BANNING_ORDER,
            "Drinking banning order",
            "Violent Crime Reduction Act 2006 ss1-14 (repealed 20 October 2014)",
            "Magistrates' court, on application or on conviction",
            court_order=True,
            historical=True,
            publicity_possible=True,
            min_age=16,
            until=ACT_2014_IN_FORCE,
        ),
        Tool(
            K.DISPERSAL_ORDER,
            "Dispersal order (2003 Act)",
            "Anti-social Behaviour Act 2003 Part 4 s30 (repealed 20 October 2014)",
            "Police superintendent, with the council's agreement",
            historical=True,
            until=ACT_2014_IN_FORCE,
        ),
        Tool(
            K.ABATEMENT_NOTICE,
            "Abatement notice",
            "Environmental Protection Act 1990 s80",
            "Council (environmental health)",
        ),
        Tool(
            K.NOISE_ACT_WARNING_NOTICE,
            "Noise Act warning notice",
            "Noise Act 1996 s3",
            "Council officer",
        ),
        Tool(
            K.NOISE_ACT_FIXED_PENALTY,
            "Noise Act fixed penalty notice",
            "Noise Act 1996 s8",
            "Council officer",
        ),
        Tool(
            K.LITTER_FIXED_PENALTY,
            "Litter fixed penalty notice",
            "Environmental Protection Act 1990 s88",
            "Council officer, PCSO or accredited person",
            min_age=10,
        ),
        Tool(
            K.WARRANT_TO_SEIZE_NOISE_EQUIPMENT,
            "Warrant to seize noise-making equipment",
            "Noise Act 1996 s10 and Schedule",
            "Justice of the peace, on the council's application",
        ),
    ]
}

# For a model field's or form's choices, in register order.
INTERVENTION_CHOICES = [(t.kind.value, t.label) for t in TOOLS.values()]

# For the record form: the tools in use first, then the repealed ones, marked as such.
REPEALED_GROUP = "Repealed tools (records of orders made before 20 October 2014)"
GROUPED_CHOICES = [
    ("Current tools", [(t.kind.value, t.label) for t in TOOLS.values() if not t.repealed]),
    (REPEALED_GROUP, [(t.kind.value, t.choice_label) for t in TOOLS.values() if t.repealed]),
]

# Limits the checks use, named so forms and help text can quote them.
CIVIL_INJUNCTION_UNDER_18_MAX_MONTHS = 12
CBO_UNDER_18_MIN_MONTHS, CBO_UNDER_18_MAX_MONTHS = 12, 36
CBO_ADULT_MIN_MONTHS = 24
DISPERSAL_DIRECTION_MAX_HOURS = 48
DISPERSAL_ORDER_MAX_MONTHS = 6
DISPERSAL_ORDER_DIRECTION_MAX_HOURS = 24
PSPO_MAX_MONTHS = 36
CLOSURE_NOTICE_MAX_HOURS, CLOSURE_NOTICE_SENIOR_MAX_HOURS = 24, 48
CLOSURE_ORDER_MAX_MONTHS, CLOSURE_ORDER_EXTENDED_MAX_MONTHS = 3, 6
ASBO_MIN_MONTHS = 24
ABC_USUAL_MONTHS, ABC_REVIEW_MONTHS = 6, 3
DBO_MIN_MONTHS, DBO_MAX_MONTHS = 2, 24
ABATEMENT_APPEAL_DAYS = 21
NOISE_NIGHT_STARTS, NOISE_NIGHT_ENDS = time(23, 0), time(7, 0)
ADULT_AGE = 18

# Errors, keyed in RuleResult.errors by the field to correct.
UNKNOWN_KIND = "Choose a type of intervention from the list"
EXPIRES_BEFORE_ISSUE = "The expiry date must be after the date it was issued"
SERVED_BEFORE_ISSUE = "The date served must be on or after the date it was issued"
TOO_YOUNG = "{a_label} cannot be used against someone under {age}"
NOT_YET_IN_FORCE = "{a_label} could not be issued before 20 October 2014, when the 2014 Act came in"
ABOLISHED = (
    "{a_label} cannot be issued on or after 20 October 2014, when it was abolished: enter the "
    'date it was issued (before 20 October 2014), or tick "This is a historical record" if the '
    "court granted it later on an application made before then. For new behaviour, choose a "
    "current tool"
)
CI_UNDER_18_TOO_LONG = "A civil injunction against someone under 18 can last at most 12 months"
CI_UNDER_18_NEEDS_EXPIRY = (
    "Enter when the injunction ends: against someone under 18 it lasts at most 12 months"
)
CBO_UNDER_18_LENGTH = "A criminal behaviour order against someone under 18 must last 1 to 3 years"
CBO_ADULT_TOO_SHORT = (
    "A criminal behaviour order against an adult must last at least 2 years, or have no end date"
)
DISPERSAL_TOO_LONG = "A dispersal direction can exclude someone for at most 48 hours"
DISPERSAL_ORDER_TOO_LONG = "A dispersal order could be authorised for at most 6 months"
DISPERSAL_ORDER_DIRECTION_TOO_LONG = (
    "A direction under a 2003 Act dispersal order could exclude someone for at most 24 hours"
)
PSPO_TOO_LONG = "A public spaces protection order can last at most 3 years before it is extended"
PSPO_BREACH_OUTSIDE_ORDER = (
    "The breach date must fall while the public spaces protection order was in force"
)
CLOSURE_NOTICE_TOO_LONG = (
    "A closure notice lasts at most 24 hours, or 48 hours if a superintendent or the council's "
    "chief executive signs it"
)
CLOSURE_ORDER_TOO_LONG = "A closure order lasts at most 3 months unless the court extends it"
CLOSURE_ORDER_EXTENDED_TOO_LONG = (
    "A closure order, with extensions, lasts at most 6 months in total"
)
ASBO_TOO_SHORT = "An ASBO had to last at least 2 years"
DBO_LENGTH = "A drinking banning order had to last between 2 months and 2 years"
DBO_NEEDS_EXPIRY = "Enter when the drinking banning order ends: it lasted at most 2 years"
HOURS_NOT_POSITIVE = "Enter the number of hours as a whole number above 0"
HOURS_MAX = 24 * 366
HOURS_TOO_MANY = f"Enter the number of hours as a whole number up to {HOURS_MAX} (a year)"

# Warnings: shown to the caseworker, never blocking.
AGE_UNKNOWN = "Record the person's date of birth: the age rules for {a_label} cannot be checked"
CBO_YOT_VIEWS = (
    "Record the youth offending team's views: required before an order against someone under 18"
)
CBO_SUPERVISOR = "Name a supervisor for each requirement of the order"
CI_SUPERVISOR = "Name a supervisor for any positive requirement of the injunction"
DISPERSAL_UNDER_16 = (
    "Someone under 16 given a dispersal direction may be taken home or to a place of safety"
)
DISPERSAL_HOURS_UNKNOWN = "Record how many hours the exclusion lasts (at most 48)"
CPN_WITHOUT_WARNING = (
    "A community protection notice should follow a written community protection warning"
)
CPW_PERSISTENT = (
    "The behaviour must be persistent or continuing, unreasonable and detrimental to the community"
)
CLOSURE_HEARING = (
    "Apply to the magistrates' court: the hearing must be within 48 hours of serving the notice"
)
CLOSURE_ORDER_WITHOUT_NOTICE = "A closure order normally follows a closure notice"
ABC_LONGER_THAN_USUAL = (
    "An acceptable behaviour contract usually lasts 6 months, with a review at 3 months"
)
ABC_VOLUNTARY = "An acceptable behaviour contract is voluntary: record that the person agreed to it"
GRANTED_ON_EARLIER_APPLICATION = (
    "Granted after 20 October 2014 on an application made before it (transitional provisions)"
)
HISTORICAL_AFTER_REPEAL = (
    "Recorded as a historical record: granted after {until} under the transitional provisions, "
    "on an application made before the tool was repealed"
)
ABATEMENT_APPEAL = (
    "The recipient can appeal to the magistrates' court until {deadline} (21 days from service)"
)
ABATEMENT_NOT_SERVED = (
    "Record when the abatement notice was served: the 21-day appeal period runs from then"
)
NOISE_OUTSIDE_NIGHT = (
    "The Noise Act covers noise between 23:00 and 07:00; this was outside those hours"
)
NOISE_FPN_WITHOUT_WARNING = (
    "A Noise Act fixed penalty follows a warning notice that was not complied with"
)
COMMUNITY_REMEDY_CONSENT = (
    "Record that the victim was consulted and the offender agreed to the remedy"
)

# Publicity (never for under-18s; only for court orders).
PUBLICITY_ALLOWED = "A publicity sheet may be produced for the affected area"
PUBLICITY_UNDER_18 = "Publicity is never produced for a person under 18"
PUBLICITY_NOT_COURT_ORDER = "Publicity can only be produced for a court order"
PUBLICITY_AGE_UNKNOWN = (
    "Record the person's date of birth first: publicity is never produced for under-18s"
)


@dataclass
class RuleResult:
    """Errors block the record (field -> message); warnings are shown and kept with it."""

    errors: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, field_name: str, message: str) -> None:
        self.errors.setdefault(field_name, message)


def add_months(day: date, months: int) -> date:
    """The same day, months later; or the month's last day (31 January + 1 month = 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def abatement_appeal_deadline(served_on: date) -> date:
    """The last day to appeal an abatement notice to the magistrates' court: 21 days on."""
    return served_on + timedelta(days=ABATEMENT_APPEAL_DAYS)


def tool(kind: str) -> Tool:
    """The tool for a kind; ValueError(UNKNOWN_KIND) if the kind is not in the register."""
    try:
        return TOOLS[InterventionKind(kind)]
    except ValueError:
        raise ValueError(UNKNOWN_KIND) from None


def label(kind: str) -> str:
    """The caseworker's name for an intervention kind (the kind itself if it is unknown)."""
    try:
        return tool(kind).label
    except (KeyError, ValueError):
        return str(kind)


def check(
    kind: str,
    *,
    issued_on: date,
    subject_age: int | None = None,
    expires_on: date | None = None,
    served_on: date | None = None,
    applied_on: date | None = None,
    hours: int | None = None,
    prior_interventions: Iterable[str] = (),
    senior_signed: bool = False,
    extended: bool = False,
    recipient_is_body: bool = False,
    noise_at: time | None = None,
    order_made_on: date | None = None,
    order_expires_on: date | None = None,
    historical: bool = False,
) -> RuleResult:
    """Check an intervention against the rules for its kind.

    subject_age is the person's age on issued_on (None if unknown); hours is the exclusion period of
    a dispersal direction or the length of a closure notice; senior_signed means a closure notice
    signed by a superintendent or the council's chief executive; extended means the court extended a
    closure order; noise_at is when the noise was witnessed (Noise Act); order_made_on and
    order_expires_on describe the public spaces protection order that was breached; historical
    marks a record entered from past files (a repealed tool granted late on an earlier application).
    """
    result = RuleResult()
    try:
        t = tool(kind)
    except ValueError:
        result.error("kind", UNKNOWN_KIND)
        return result
    prior = {str(p) for p in prior_interventions}

    if expires_on is not None and expires_on <= issued_on:
        result.error("expires_on", EXPIRES_BEFORE_ISSUE)
    if served_on is not None and served_on < issued_on:
        result.error("served_on", SERVED_BEFORE_ISSUE)
    if hours is not None and hours <= 0:
        result.error("hours", HOURS_NOT_POSITIVE)
    elif hours is not None and hours > HOURS_MAX:
        result.error("hours", HOURS_TOO_MANY)
    _check_dates_in_force(t, issued_on, applied_on, historical, result)
    _check_age(t, subject_age, recipient_is_body, result)
    if result.errors:
        return result  # the kind-specific rules below assume sane dates and ages

    under_18 = subject_age is not None and subject_age < ADULT_AGE
    rule = _RULES.get(t.kind)
    if rule:
        rule(
            _Facts(
                issued_on=issued_on,
                subject_age=subject_age,
                under_18=under_18,
                expires_on=expires_on,
                served_on=served_on,
                hours=hours,
                prior=prior,
                senior_signed=senior_signed,
                extended=extended,
                noise_at=noise_at,
                order_made_on=order_made_on,
                order_expires_on=order_expires_on,
            ),
            result,
        )
    return result


def _check_dates_in_force(
    t: Tool, issued_on: date, applied_on: date | None, historical: bool, result: RuleResult
) -> None:
    if t.since and issued_on < t.since:
        result.error("issued_on", NOT_YET_IN_FORCE.format(a_label=_a(t.label, start=True)))
    if t.until and issued_on >= t.until:
        until = f"{t.until.day} {t.until:%B %Y}"
        # Applications made before commencement could still be granted afterwards.
        if t.court_order and applied_on is not None and applied_on < t.until:
            result.warnings.append(GRANTED_ON_EARLIER_APPLICATION)
        elif historical:
            result.warnings.append(HISTORICAL_AFTER_REPEAL.format(until=until))
        else:
            a_label = _a(t.label, start=True)
            result.error("issued_on", ABOLISHED.format(a_label=a_label))


def _check_age(t: Tool, age: int | None, is_body: bool, result: RuleResult) -> None:
    if t.min_age is None or is_body:
        return
    if age is None:
        result.warnings.append(AGE_UNKNOWN.format(a_label=_a(t.label)))
    elif age < t.min_age:
        message = TOO_YOUNG.format(a_label=_a(t.label, start=True), age=t.min_age)
        result.error("subject_age", message)


def a_label(label: str, *, start: bool = False) -> str:
    """A label mid-sentence with its article: "an acceptable behaviour contract"."""
    article = "an" if label[0].lower() in "aeiou" else "a"
    return f"{article.capitalize() if start else article} {label[0].lower()}{label[1:]}"


_a = a_label


@dataclass(frozen=True)
class _Facts:
    issued_on: date
    subject_age: int | None
    under_18: bool
    expires_on: date | None
    served_on: date | None
    hours: int | None
    prior: set[str]
    senior_signed: bool
    extended: bool
    noise_at: time | None
    order_made_on: date | None
    order_expires_on: date | None

    def lasts_longer_than(self, months: int) -> bool:
        return self.expires_on is not None and self.expires_on > add_months(self.issued_on, months)

    def lasts_less_than(self, months: int) -> bool:
        return self.expires_on is not None and self.expires_on < add_months(self.issued_on, months)

    def days(self) -> int | None:
        return None if self.expires_on is None else (self.expires_on - self.issued_on).days


def _civil_injunction(f: _Facts, r: RuleResult) -> None:
    if f.under_18:
        if f.expires_on is None:
            r.error("expires_on", CI_UNDER_18_NEEDS_EXPIRY)
        elif f.lasts_longer_than(CIVIL_INJUNCTION_UNDER_18_MAX_MONTHS):
            r.error("expires_on", CI_UNDER_18_TOO_LONG)
    r.warnings.append(CI_SUPERVISOR)


def _criminal_behaviour_order(f: _Facts, r: RuleResult) -> None:
    if f.under_18:
        if f.expires_on is None or (
            f.lasts_less_than(CBO_UNDER_18_MIN_MONTHS)
            or f.lasts_longer_than(CBO_UNDER_18_MAX_MONTHS)
        ):
            r.error("expires_on", CBO_UNDER_18_LENGTH)
        r.warnings.append(CBO_YOT_VIEWS)
    elif f.subject_age is not None and f.lasts_less_than(CBO_ADULT_MIN_MONTHS):
        r.error("expires_on", CBO_ADULT_TOO_SHORT)
    r.warnings.append(CBO_SUPERVISOR)


def _dispersal_direction(f: _Facts, r: RuleResult) -> None:
    if f.hours is not None:
        if f.hours > DISPERSAL_DIRECTION_MAX_HOURS:
            r.error("hours", DISPERSAL_TOO_LONG)
    elif f.days() is not None and f.days() > DISPERSAL_DIRECTION_MAX_HOURS // 24:
        r.error("expires_on", DISPERSAL_TOO_LONG)
    else:
        r.warnings.append(DISPERSAL_HOURS_UNKNOWN)
    if f.subject_age is not None and f.subject_age < 16:
        r.warnings.append(DISPERSAL_UNDER_16)


def _community_protection_warning(f: _Facts, r: RuleResult) -> None:
    r.warnings.append(CPW_PERSISTENT)


def _community_protection_notice(f: _Facts, r: RuleResult) -> None:
    if K.COMMUNITY_PROTECTION_WARNING not in f.prior:
        r.warnings.append(CPN_WITHOUT_WARNING)


def _pspo_breach(f: _Facts, r: RuleResult) -> None:
    if f.order_made_on is None:
        return
    if f.order_expires_on and f.order_expires_on > add_months(f.order_made_on, PSPO_MAX_MONTHS):
        r.error("order_expires_on", PSPO_TOO_LONG)
    if f.issued_on < f.order_made_on or (f.order_expires_on and f.issued_on > f.order_expires_on):
        r.error("issued_on", PSPO_BREACH_OUTSIDE_ORDER)


def _closure_notice(f: _Facts, r: RuleResult) -> None:
    limit = CLOSURE_NOTICE_SENIOR_MAX_HOURS if f.senior_signed else CLOSURE_NOTICE_MAX_HOURS
    if f.hours is not None and f.hours > limit:
        r.error("hours", CLOSURE_NOTICE_TOO_LONG)
    elif f.hours is None and f.days() is not None and f.days() > limit // 24:
        r.error("expires_on", CLOSURE_NOTICE_TOO_LONG)
    r.warnings.append(CLOSURE_HEARING)


def _closure_order(f: _Facts, r: RuleResult) -> None:
    if f.extended and f.lasts_longer_than(CLOSURE_ORDER_EXTENDED_MAX_MONTHS):
        r.error("expires_on", CLOSURE_ORDER_EXTENDED_TOO_LONG)
    elif not f.extended and f.lasts_longer_than(CLOSURE_ORDER_MAX_MONTHS):
        r.error("expires_on", CLOSURE_ORDER_TOO_LONG)
    if K.CLOSURE_NOTICE not in f.prior:
        r.warnings.append(CLOSURE_ORDER_WITHOUT_NOTICE)


def _asbo(f: _Facts, r: RuleResult) -> None:
    if f.lasts_less_than(ASBO_MIN_MONTHS):
        r.error("expires_on", ASBO_TOO_SHORT)


def _acceptable_behaviour_contract(f: _Facts, r: RuleResult) -> None:
    r.warnings.append(ABC_VOLUNTARY)
    if f.expires_on is None or f.lasts_longer_than(ABC_USUAL_MONTHS):
        r.warnings.append(ABC_LONGER_THAN_USUAL)


def _drinking_banning_order(f: _Facts, r: RuleResult) -> None:
    if f.expires_on is None:
        r.error("expires_on", DBO_NEEDS_EXPIRY)
    elif f.lasts_less_than(DBO_MIN_MONTHS) or f.lasts_longer_than(DBO_MAX_MONTHS):
        r.error("expires_on", DBO_LENGTH)


def _dispersal_order(f: _Facts, r: RuleResult) -> None:
    if f.lasts_longer_than(DISPERSAL_ORDER_MAX_MONTHS):
        r.error("expires_on", DISPERSAL_ORDER_TOO_LONG)
    if f.hours is not None and f.hours > DISPERSAL_ORDER_DIRECTION_MAX_HOURS:
        r.error("hours", DISPERSAL_ORDER_DIRECTION_TOO_LONG)


def _abatement_notice(f: _Facts, r: RuleResult) -> None:
    if f.served_on is None:
        r.warnings.append(ABATEMENT_NOT_SERVED)
    else:
        deadline = abatement_appeal_deadline(f.served_on)
        r.warnings.append(ABATEMENT_APPEAL.format(deadline=f"{deadline.day} {deadline:%B %Y}"))


def _noise_warning_notice(f: _Facts, r: RuleResult) -> None:
    if f.noise_at is not None and not is_night_hours(f.noise_at):
        r.warnings.append(NOISE_OUTSIDE_NIGHT)


def _noise_fixed_penalty(f: _Facts, r: RuleResult) -> None:
    if K.NOISE_ACT_WARNING_NOTICE not in f.prior:
        r.warnings.append(NOISE_FPN_WITHOUT_WARNING)
    _noise_warning_notice(f, r)


def _community_remedy(f: _Facts, r: RuleResult) -> None:
    r.warnings.append(COMMUNITY_REMEDY_CONSENT)


_RULES = {
    K.CIVIL_INJUNCTION: _civil_injunction,
    K.CRIMINAL_BEHAVIOUR_ORDER: _criminal_behaviour_order,
    K.DISPERSAL_DIRECTION: _dispersal_direction,
    K.COMMUNITY_PROTECTION_WARNING: _community_protection_warning,
    K.COMMUNITY_PROTECTION_NOTICE: _community_protection_notice,
    K.PUBLIC_SPACES_PROTECTION_ORDER_BREACH: _pspo_breach,
    K.CLOSURE_NOTICE: _closure_notice,
    K.CLOSURE_ORDER: _closure_order,
    K.ASBO: _asbo,
    K.ACCEPTABLE_BEHAVIOUR_CONTRACT: _acceptable_behaviour_contract,
    K.DRINKING_BANNING_ORDER: _drinking_banning_order,
    K.DISPERSAL_ORDER: _dispersal_order,
    K.ABATEMENT_NOTICE: _abatement_notice,
    K.NOISE_ACT_WARNING_NOTICE: _noise_warning_notice,
    K.NOISE_ACT_FIXED_PENALTY: _noise_fixed_penalty,
    K.COMMUNITY_REMEDY: _community_remedy,
}


def is_night_hours(moment: time) -> bool:
    """Whether a time falls in the Noise Act night period, 23:00 to 07:00."""
    return moment >= NOISE_NIGHT_STARTS or moment < NOISE_NIGHT_ENDS


def review_period_months(kind: str, subject_age: int | None) -> int | None:
    """How often the law or practice expects the tool reviewed, or None when it sets no review.

    A criminal behaviour order on someone under 18 is reviewed every 12 months; an ASBO on someone
    under 17 was reviewed annually; an acceptable behaviour contract is reviewed every 3 months.
    """
    kind = tool(kind).kind
    young = subject_age is not None
    if kind == K.CRIMINAL_BEHAVIOUR_ORDER and young and subject_age < ADULT_AGE:
        return 12
    if kind == K.ASBO and young and subject_age < 17:
        return 12
    if kind == K.ACCEPTABLE_BEHAVIOUR_CONTRACT:
        return ABC_REVIEW_MONTHS
    return None


def next_review_due(
    kind: str,
    subject_age: int | None,
    issued_on: date,
    *,
    after: date | None = None,
    expires_on: date | None = None,
) -> date | None:
    """The next review the tool's rule expects: the first period after issue or, given `after`
    (the day it was varied or extended), the first one falling after that day, since reviews keep
    to the order's anniversaries. None when the tool has no set review, or the review would fall
    after the expiry date (given one)."""
    months = review_period_months(kind, subject_age)
    if months is None:
        return None
    periods = 1
    due = add_months(issued_on, months)
    while after is not None and due <= after:
        periods += 1
        due = add_months(issued_on, months * periods)
    if expires_on is not None and due > expires_on:
        return None
    return due


def court_decides(kind: str) -> bool:
    """Whether a court grants, varies and discharges it (so a court outcome can be recorded)."""
    t = tool(kind)
    return t.court_order or t.kind == K.POSSESSION_PROCEEDINGS


def publicity_allowed(kind: str, subject_age: int | None) -> tuple[bool, str]:
    """Whether a publicity sheet may be produced, and the reason to show; never for an under-18."""
    t = tool(kind)
    if not t.publicity_possible:
        return False, PUBLICITY_NOT_COURT_ORDER
    if subject_age is None:
        if t.against_premises:
            return True, PUBLICITY_ALLOWED
        return False, PUBLICITY_AGE_UNKNOWN
    if subject_age < ADULT_AGE:
        return False, PUBLICITY_UNDER_18
    return True, PUBLICITY_ALLOWED
