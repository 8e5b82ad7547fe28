"""Reports of anti-social behaviour and nuisance, the cases built from them, their risk
assessments, action plans, notes, documents, interventions and timeline."""

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import get_language_info

from safer.core.models import TimeStampedModel
from safer.partners.models import Organisation, OrganisationOwned
from safer.people.models import Person


class RiskBand(models.TextChoices):
    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


BAND_ORDER = {RiskBand.STANDARD: 0, RiskBand.MEDIUM: 1, RiskBand.HIGH: 2}


# What a stored or searched word may hold (search_words.WORD); anything else is dropped.
SEARCH_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class SearchTerms(models.TextField):
    """Lower-case words separated by single spaces (kept by services/search.py)."""


@SearchTerms.register_lookup
class WordsStartWith(models.Lookup):
    """`search_terms__words_start="ash ox16"`: every given word starts one of the stored words.

    On PostgreSQL the words become a tsvector with a prefix query, which the GIN index of
    migration 0006 answers; elsewhere a LIKE per word (the words hold only a-z, 0-9 and "-",
    so none needs escaping).
    """

    lookup_name = "words_start"

    def _parts(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        wanted = [w for w in str(self.rhs).split() if SEARCH_WORD.fullmatch(w)]
        return lhs, list(lhs_params), wanted

    def as_sql(self, compiler, connection):
        lhs, params, wanted = self._parts(compiler, connection)
        if not wanted:
            return "1 = 1", params
        clauses = " AND ".join(f"(' ' || {lhs} LIKE %s)" for _ in wanted)
        return f"({clauses})", params * len(wanted) + [f"% {w}%" for w in wanted]

    def as_postgresql(self, compiler, connection):
        lhs, params, wanted = self._parts(compiler, connection)
        if not wanted:
            return "1 = 1", params
        query = " & ".join(f"'{w}':*" for w in wanted)
        return f"{CASE_TERMS_VECTOR.format(column=lhs)} @@ %s::tsquery", [*params, query]


# The expression PostgreSQL indexes (migrations 0006, 0009) and WordsStartWith queries.
CASE_TERMS_VECTOR = "array_to_tsvector(string_to_array(btrim({column}), ' '))"


class ReferenceCounter(models.Model):
    """The last number issued for a reference prefix and year (ASB-2026-000123)."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="reference_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class Versioned(models.Model):
    """Optimistic locking: a save must name the version it read, or it is refused."""

    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


class Case(OrganisationOwned, Versioned):
    """A piece of work built from one or more reports, led by one officer."""

    class Kind(models.TextChoices):
        ASB = "asb", "Anti-social behaviour case"
        NUISANCE = "nuisance", "Nuisance service request"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        INVESTIGATING = "investigating", "Investigating"
        ACTION = "action", "Action"
        MONITORING = "monitoring", "Monitoring"
        CLOSED = "closed", "Closed"

    class Outcome(models.TextChoices):
        """How a case ended: a fixed list, so closures can be counted; the reason says more."""

        RESOLVED = "resolved", "Resolved: the behaviour stopped"
        RESOLVED_INTERVENTION = (
            "resolved_intervention",
            "Resolved after an intervention (warning, contract, order)",
        )
        RESOLVED_MEDIATION = "resolved_mediation", "Resolved through mediation"
        ENFORCEMENT = "enforcement", "Court order or enforcement in place"
        REFERRED = "referred", "Referred to another agency or team"
        PERPETRATOR_MOVED = "perpetrator_moved", "Alleged perpetrator moved away"
        VICTIM_WITHDREW = (
            "victim_withdrew",
            "Victim did not want to continue or could not be reached",
        )
        INSUFFICIENT_EVIDENCE = "insufficient_evidence", "No further action: insufficient evidence"
        NOT_ASB = "not_asb", "Not anti-social behaviour"
        DUPLICATE = "duplicate", "Duplicate of another case"
        OTHER = "other", "Other (say what in the reason)"

    reference = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ASB)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.OPEN)
    risk = models.CharField(max_length=10, choices=RiskBand.choices, default=RiskBand.STANDARD)
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    next_review_due = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=200, blank=True, choices=Outcome.choices)
    close_reason = models.TextField(blank=True)
    # Words from the case, its reports and the people in them (services/search.py).
    search_terms = SearchTerms(blank=True, default="", editable=False)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "status", "risk"], name="case_caseload_idx"),
            models.Index(fields=["next_review_due"], name="case_review_idx"),
            models.Index(fields=["lead_officer", "status"], name="case_lead_idx"),
            # The caseload filtered by risk, in review order, across every organisation that may
            # see it (the visibility rule cannot use case_caseload_idx's leading organisation).
            # Carrying the owner and id lets PostgreSQL count a caseload page from the index
            # alone (the visibility rule needs both), without visiting the cases.
            models.Index(
                fields=["risk", "next_review_due", "status"],
                condition=~Q(status="closed"),
                include=["organisation", "id"],
                name="case_open_risk_incl_idx",
            ),
            models.Index(Upper("reference"), name="case_reference_upper_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class Affected(models.TextChoices):
    """Who a resident says the problem affects (the public form's question)."""

    ME = "me", "The person reporting"
    HOUSEHOLD = "household", "The reporter's household"
    SOMEONE_ELSE = "someone_else", "Someone else"
    COMMUNITY = "community", "The community"


class Report(OrganisationOwned, Versioned):
    """One incident as it was reported: when, where, what, and who was involved."""

    class ReceivedVia(models.TextChoices):
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"
        WEB = "web", "Web form"
        IN_PERSON = "in_person", "In person"
        PARTNER_REFERRAL = "partner_referral", "Partner referral"

    class Category(models.TextChoices):
        PERSONAL = "personal", "Personal"
        NUISANCE = "nuisance", "Nuisance"
        ENVIRONMENTAL = "environmental", "Environmental"

    class Type(models.TextChoices):
        NOISE = "noise", "Noise"
        NEIGHBOUR_DISPUTE = "neighbour_dispute", "Neighbour dispute"
        ROWDY_BEHAVIOUR = "rowdy_behaviour", "Rowdy or inconsiderate behaviour"
        DRUGS = "drugs", "Drug dealing or use"
        VEHICLE_NUISANCE = "vehicle_nuisance", "Vehicle nuisance"
        INTIMIDATION = "intimidation", "Intimidation or harassment"
        HATE_MOTIVATED = "hate_motivated", "Hate-motivated"
        LITTERING = "littering", "Littering or fly-tipping"
        WASTE_ACCUMULATION = "waste_accumulation", "Accumulation of waste"
        GRAFFITI = "graffiti", "Graffiti"
        ANIMAL_NUISANCE = "animal_nuisance", "Animal nuisance"
        OTHER = "other", "Other"

    reference = models.CharField(max_length=20, unique=True)
    received_via = models.CharField(max_length=20, choices=ReceivedVia.choices)
    occurred_at = models.DateTimeField()
    reported_at = models.DateTimeField(default=timezone.now)
    category = models.CharField(max_length=15, choices=Category.choices)
    type = models.CharField(max_length=20, choices=Type.choices)
    description = models.TextField()
    address = models.CharField(max_length=300)
    postcode = models.CharField(max_length=10, blank=True)
    uprn = models.CharField("UPRN", max_length=12, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # Normalised place used to find repeat locations: the UPRN, else postcode and address.
    location_key = models.CharField(max_length=320, db_index=True)
    # Words from the report and the people in it (services/search.py), for the reports list.
    search_terms = SearchTerms(blank=True, default="", editable=False)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    # None for a report a resident sent through the public web form: no member of staff
    # recorded it (the audit row's actor is None too, with the request's id).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    risk = models.CharField(max_length=10, choices=RiskBand.choices, blank=True)
    assessment_due = models.DateField()
    # The language of the page a resident wrote in (a settings.LANGUAGES code); "" when staff
    # recorded it. The description is kept exactly as typed.
    language = models.CharField(max_length=10, blank=True)
    # What a resident told the public form about themselves; staff-recorded reports name
    # their reporter among the people instead. Empty when they stayed anonymous.
    reporter_name = models.CharField(max_length=200, blank=True)
    reporter_email = models.EmailField(blank=True)
    reporter_phone = models.CharField(max_length=30, blank=True)
    reporter_consents_to_contact = models.BooleanField(default=False)
    happening_now = models.BooleanField(null=True, blank=True)
    affected = models.CharField(max_length=20, choices=Affected.choices, blank=True)
    flags = models.JSONField(default=list, blank=True)
    people = models.ManyToManyField(Person, through="ReportPerson", related_name="reports")

    class Meta:
        ordering = ["-reported_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "reported_at"], name="report_org_time_idx"),
            models.Index(fields=["location_key", "reported_at"], name="report_location_idx"),
            # The intelligence hub's periods and month range over when incidents happened.
            models.Index(fields=["occurred_at"], name="report_occurred_idx"),
            # The reports list, newest first, read from its start until a page is full.
            models.Index(fields=["reported_at", "id"], name="report_recent_idx"),
            models.Index(
                fields=["assessment_due"], condition=Q(risk=""), name="report_unassessed_idx"
            ),
            models.Index(Upper("reference"), name="report_reference_upper_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def language_name(self) -> str:
        """The English name of the language a resident wrote in, or "" for English and for
        reports staff recorded ("Urdu", "Polish")."""
        if not self.language or self.language.split("-")[0] == "en":
            return ""
        try:
            return get_language_info(self.language)["name"]
        except KeyError:
            return self.language


class ReportPerson(models.Model):
    """A person's part in one report."""

    class Role(models.TextChoices):
        REPORTER = "reporter", "Reporter"
        VICTIM = "victim", "Victim"
        WITNESS = "witness", "Witness"
        ALLEGED_PERPETRATOR = "alleged_perpetrator", "Alleged perpetrator"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="involvements")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="involvements")
    role = models.CharField(max_length=20, choices=Role.choices)
    reported_at = models.DateTimeField()  # copied from the report: repeat counts need no join
    # Copied from the report by the services that attach it: case search by name needs no join.
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "person", "role"], name="report_person_role_unique"
            )
        ]
        indexes = [
            models.Index(fields=["person", "role", "reported_at"], name="involvement_idx"),
            # Repeat checks read a person's newest involvements first and stop early.
            models.Index(fields=["person", "-reported_at"], name="involvement_recent_idx"),
            # Partial: an involvement enters them only when its report joins a case.
            models.Index(
                fields=["person", "case"],
                condition=Q(case__isnull=False),
                name="involvement_case_idx",
            ),
            models.Index(
                fields=["case"], condition=Q(case__isnull=False), name="involvement_case_fk_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} on {self.report_id}"


class RiskQuestionnaire(models.Model):
    """One published version of the risk assessment questionnaire (questions, weights, bands)."""

    version = models.PositiveIntegerField(unique=True)
    definition = models.JSONField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Risk questionnaire v{self.version}"


class RiskAssessment(models.Model):
    """A completed victim-led risk assessment, kept with the questionnaire version it used."""

    class Stage(models.TextChoices):
        INITIAL = "initial", "First contact"
        REVIEW = "review", "Review"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="assessments")
    victim = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    questionnaire = models.ForeignKey(RiskQuestionnaire, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.INITIAL)
    answers = models.JSONField()
    score = models.IntegerField()
    computed_band = models.CharField(max_length=10, choices=RiskBand.choices)
    band = models.CharField(max_length=10, choices=RiskBand.choices)
    band_reasons = models.JSONField(default=list, blank=True)
    override_reason = models.TextField(blank=True)
    vulnerable = models.BooleanField(default=False)
    refer_to_victim_support = models.BooleanField(default=False)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(default=timezone.now)
    first_contact_due = models.DateField()
    next_review_due = models.DateField()

    class Meta:
        ordering = ["-assessed_at", "-pk"]
        indexes = [
            # A victim's latest assessment, read at every intake that names them.
            models.Index(fields=["victim", "-assessed_at"], name="assessment_victim_latest_idx")
        ]

    def __str__(self) -> str:
        return f"Risk assessment {self.pk}"


class CaseTask(TimeStampedModel):
    """One action in a case's action plan, given to an officer of any organisation that can see
    the case; `organisation` is the organisation of whoever added it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done_at", "due_on", "pk"]

    def __str__(self) -> str:
        return f"Task {self.pk}"


class CaseNote(TimeStampedModel):
    """A record of contact or work on the case, marked with the author's organisation; kept,
    never edited."""

    class ContactType(models.TextChoices):
        PHONE = "phone", "Phone call"
        VISIT = "visit", "Visit"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        MEETING = "meeting", "Meeting"
        OTHER = "other", "Other"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contact_type = models.CharField(
        max_length=10, choices=ContactType.choices, default=ContactType.OTHER
    )
    # When the contact happened, which may be before the note was written.
    contacted_at = models.DateTimeField(default=timezone.now)
    text = models.TextField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Note {self.pk}"


class CaseDocument(TimeStampedModel):
    """An uploaded file, stored under MEDIA_ROOT (outside the web root) and served only by a
    guarded view."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(upload_to="cases/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Document {self.pk}"


class CaseEvent(models.Model):
    """One line of a case's timeline, written by the service that did the thing."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    occurred_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)

    class Meta:
        ordering = ["-occurred_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} on {self.case_id}"


class Intervention(TimeStampedModel, Versioned):
    """A tool used on a case against a person: from a warning letter to a court order. Its
    variations, extensions, discharge, end and court outcomes are kept in `changes`."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INTERIM = "interim", "Interim order"
        BREACHED = "breached", "Breached"
        ENDED = "ended", "Ended"
        DISCHARGED = "discharged", "Discharged by the court"
        REFUSED = "refused", "Refused by the court"
        WITHDRAWN = "withdrawn", "Application withdrawn"

    # No longer in force: nothing more is varied, reviewed or listed as due.
    FINISHED = (Status.ENDED, Status.DISCHARGED, Status.REFUSED, Status.WITHDRAWN)

    class CourtOutcome(models.TextChoices):
        GRANTED = "granted", "Granted"
        INTERIM_GRANTED = "interim_granted", "Interim order granted"
        REFUSED = "refused", "Refused"
        ADJOURNED = "adjourned", "Adjourned"
        WITHDRAWN = "withdrawn", "Application withdrawn"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interventions")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interventions")
    kind = models.CharField(max_length=50)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    issuing_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    applied_on = models.DateField(null=True, blank=True)
    issued_on = models.DateField()
    served_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    hours = models.PositiveIntegerField(null=True, blank=True)
    conditions = models.TextField(blank=True)
    supervisor = models.CharField(max_length=200, blank=True)
    court_outcome = models.CharField(max_length=20, choices=CourtOutcome.choices, blank=True)
    # Entered from past records rather than as it happened (every repealed tool is).
    historical = models.BooleanField(default=False)
    warnings = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["expires_on"], name="intervention_expiry_idx")]

    def __str__(self) -> str:
        return f"{self.kind_label} {self.pk}"

    @property
    def kind_label(self) -> str:
        from safer.cases.legal import label

        return label(self.kind)

    @property
    def repealed(self) -> bool:
        from safer.cases.legal import tool

        try:
            return tool(self.kind).repealed
        except ValueError:
            return False

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def court_decides(self) -> bool:
        from safer.cases.legal import court_decides

        try:
            return court_decides(self.kind)
        except ValueError:
            return False


class InterventionChange(models.Model):
    """One step in an intervention's life, kept as it was: what changed (before and after),
    from when, why, and who recorded it."""

    class Kind(models.TextChoices):
        RECORDED = "recorded", "Recorded"
        VARIED = "varied", "Varied"
        EXTENDED = "extended", "Extended"
        DISCHARGED = "discharged", "Discharged"
        ENDED = "ended", "Ended"
        COURT_OUTCOME = "court_outcome", "Court outcome"

    # What `before` and `after` may hold, with the words the page shows for each.
    FIELD_LABELS = {
        "status": "Status",
        "issued_on": "Issued",
        "expires_on": "Expiry date",
        "next_review_on": "Next review",
        "ended_on": "Ended",
        "hours": "Hours",
        "conditions": "Conditions",
        "supervisor": "Supervisor",
        "court_outcome": "Court outcome",
    }

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    effective_on = models.DateField()
    court_outcome = models.CharField(
        max_length=20, choices=Intervention.CourtOutcome.choices, blank=True
    )
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    warnings = models.JSONField(default=list, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.intervention_id}"

    @property
    def lines(self) -> list[tuple[str, str, str]]:
        """What changed, as (label, before, after) in words, for the page."""
        return [
            (label, _shown(name, self.before.get(name)), _shown(name, self.after.get(name)))
            for name, label in self.FIELD_LABELS.items()
            if name in self.after and self.before.get(name) != self.after.get(name)
        ]


def _shown(name: str, value) -> str:
    """A stored before/after value in words: dates as "3 Mar 2026", choices by their label."""
    from datetime import date

    if value in (None, ""):
        return "none"
    if name.endswith("_on"):
        try:
            day = date.fromisoformat(value)
        except (TypeError, ValueError):
            return str(value)
        return f"{day.day} {day:%b %Y}"
    if name == "status":
        return str(Intervention.Status(value).label) if value in Intervention.Status else value
    if name == "court_outcome":
        choices = Intervention.CourtOutcome
        return str(choices(value).label) if value in choices else value
    return str(value)


class Breach(TimeStampedModel):
    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="breaches"
    )
    occurred_on = models.DateField()
    description = models.TextField()
    action_taken = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_on"]
        verbose_name_plural = "breaches"

    def __str__(self) -> str:
        return f"Breach {self.pk}"


class NuisanceAssessment(TimeStampedModel):
    """Whether a nuisance amounts to a statutory nuisance (Environmental Protection Act 1990)."""

    class Conclusion(models.TextChoices):
        STATUTORY = "statutory", "Statutory nuisance"
        NOT_STATUTORY = "not_statutory", "Not a statutory nuisance"
        UNDETERMINED = "undetermined", "Not yet determined, more evidence needed"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="nuisance_assessments")
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_on = models.DateField()
    frequency = models.CharField(max_length=200)
    duration = models.CharField(max_length=200)
    time_of_day = models.CharField(max_length=200)
    locality = models.CharField(max_length=200)
    impact = models.TextField()
    conclusion = models.CharField(max_length=15, choices=Conclusion.choices)

    class Meta:
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"Nuisance assessment {self.pk}"


class ImportedRecord(models.Model):
    """A record brought in by `import_caseload`, under the reference the other system gave it:
    a second run of the same file finds it and changes nothing, and an export names it as the
    other system did."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        REPORT = "report", "Report"
        CASE = "case", "Case"
        INTERVENTION = "intervention", "Intervention"

    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=15, choices=Kind.choices)
    source_reference = models.CharField(max_length=100)
    record_id = models.PositiveIntegerField()
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "source_reference"], name="imported_record_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.source_reference}"
