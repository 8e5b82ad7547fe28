"""Reports of anti-social behaviour and nuisance, the people in them, and the cases built
from them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import get_language_info

from safer.cases.models.base import RiskBand, SearchTerms, Versioned
from safer.partners.models import OrganisationOwned
from safer.people.models import Person


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
    address = models.CharField(max_length=300, blank=True)  # or a point (latitude, longitude)
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


class ReportPhoto(models.Model):
    """A photo a resident sent with a report: re-encoded from its pixels alone before it was
    stored (public.protection.clean_photo strips location, camera and time), kept under
    MEDIA_ROOT and served only to those who may open the report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="reports/%Y/%m/")
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Photo {self.pk} of {self.report_id}"
