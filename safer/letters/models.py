"""Letter templates (versioned, per organisation) and the letters produced from them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safer.cases.models import Case, CaseDocument
from safer.core.models import TimeStampedModel
from safer.partners.models import Organisation
from safer.people.models import Person


class LetterTemplate(TimeStampedModel):
    """One version of the wording of one kind of letter.

    Rows are never changed: an edit adds the next version, so every letter keeps the wording it
    was produced from. A row without an organisation is the partnership default, shipped by a
    data migration; an organisation's first edit of a kind starts its own chain of versions
    (numbered on from the default it replaced), which its staff use from then on.
    """

    class Kind(models.TextChoices):
        FIRST_WARNING = "first_warning", "First warning"
        ACCEPTABLE_BEHAVIOUR_CONTRACT = (
            "acceptable_behaviour_contract",
            "Acceptable behaviour contract",
        )
        COMMUNITY_PROTECTION_WARNING = (
            "community_protection_warning",
            "Community protection warning",
        )
        COMMUNITY_PROTECTION_NOTICE = "community_protection_notice", "Community protection notice"
        CASE_CLOSURE_TO_VICTIM = "case_closure_to_victim", "Case closure letter to the victim"
        CASE_REVIEW_INVITATION = "case_review_invitation", "Invitation to a case review"

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    note = models.CharField("What changed", max_length=200, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "version"],
                condition=Q(organisation__isnull=False),
                name="letter_template_org_version",
            ),
            models.UniqueConstraint(
                fields=["kind", "version"],
                condition=Q(organisation__isnull=True),
                name="letter_template_default_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} version {self.version}"


class Letter(models.Model):
    """A letter produced on a case: which template version, to whom, by whom, and its files."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="letters")
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="letters")
    # A named reverse relation, so merging two person records moves their letters too.
    recipient = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="letters_received")
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    produced_at = models.DateTimeField(default=timezone.now)
    docx = models.OneToOneField(
        CaseDocument, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    pdf = models.OneToOneField(CaseDocument, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-produced_at", "-pk"]

    def __str__(self) -> str:
        return f"Letter {self.pk}"
