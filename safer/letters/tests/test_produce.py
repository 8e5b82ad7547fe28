"""Producing a letter on a case: merged, previewed, produced as Word and tagged PDF, filed on
the case with a timeline line, audited; only for people on the case; old letters keep their
template version."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document

from safer.audit.models import AuditEvent
from safer.cases import services as case_services
from safer.core.tests.pdf import structure
from safer.letters import selectors, services
from safer.letters.models import Letter
from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def produce(case, user, recipient, kind="first_warning", **extra):
    return services.letter_produce(
        case=case, template_kind=kind, recipient_id=recipient.pk, produced_by=user, **extra
    )


def test_a_letter_is_filed_on_the_case_with_a_timeline_line_and_audit(
    case, caseworker, perpetrator
):
    letter = produce(case, caseworker, perpetrator)
    documents = list(case.documents.order_by("pk"))
    assert [d.pk for d in documents] == [letter.docx_id, letter.pdf_id]
    assert [d.original_name for d in documents] == [
        f"first-warning-{case.reference}-riley-specimen.docx",
        f"first-warning-{case.reference}-riley-specimen.pdf",
    ]
    assert [d.content_type for d in documents] == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/pdf",
    ]
    assert all(d.organisation == caseworker.membership.organisation for d in documents)
    event = case.events.get(kind="letter")
    assert event.summary == "Letter produced: First warning to Riley Specimen"
    assert event.actor == caseworker
    produced = AuditEvent.objects.get(action="letter.produced")
    assert produced.actor == caseworker and produced.target_id == str(case.pk)
    assert produced.changes["recipient"] == perpetrator.pk
    assert produced.changes["template_version"] == 1
    assert produced.changes["documents"] == [d.pk for d in documents]
    assert "Riley" not in str(produced.changes)  # the log names records, not people
    assert AuditEvent.objects.filter(action="case.document_added").count() == 2


def test_the_word_file_holds_the_merged_letter(case, caseworker, perpetrator):
    letter = produce(case, caseworker, perpetrator)
    document = Document(io.BytesIO(letter.docx.file.read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Riley Specimen" in text
    assert "Dear Riley Specimen" in text
    assert case.reference in text
    assert "3 Imaginary Road\nBanbury\nOX16 1ZZ" in text
    assert "{{" not in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Reports of anti-social behaviour"]
    assert document.core_properties.title == f"Reports of anti-social behaviour ({case.reference})"
    assert document.core_properties.language == "en-GB"


def test_the_pdf_is_tagged_in_british_english_and_its_paragraphs_read_back(
    case, caseworker, perpetrator
):
    letter = produce(case, caseworker, perpetrator)
    pdf = letter.pdf.file.read()
    catalogue, elements = structure(pdf)
    assert "/StructTreeRoot" in catalogue
    assert catalogue["/MarkInfo"]["/Marked"].value is True
    assert catalogue["/Lang"] == "en-GB"
    assert catalogue["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    paragraphs = [text for tag, text in elements if tag == "/P"]
    assert "Dear Riley Specimen" in paragraphs
    assert any(case.reference in text for text in paragraphs)
    assert any("Banbury" in text and "OX16 1ZZ" in text for text in paragraphs)
    assert ("/H1", "Reports of anti-social behaviour") in elements
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == f"Reports of anti-social behaviour ({case.reference})"
    assert "pdfuaid" in reader.xmp_metadata.stream.get_data().decode()


def test_markup_in_a_name_is_printed_not_obeyed(case, caseworker):
    person = case.reports.get().involvements.get(role="victim").person
    person.first_name = "<b>Robin</b>"
    person.save()
    letter = produce(case, caseworker, person, kind="case_closure_to_victim")
    _catalogue, elements = structure(letter.pdf.file.read())
    assert any(text == "Dear <b>Robin</b> Example" for tag, text in elements if tag == "/P")


def test_an_edit_makes_later_letters_use_the_new_version_and_old_ones_keep_theirs(
    case, caseworker, perpetrator, council
):
    before = produce(case, caseworker, perpetrator)
    coordinator = member(Role.COORDINATOR, council)
    default = selectors.template_current(council, "first_warning")
    services.letter_template_save(
        kind="first_warning",
        title="Final reminder about your behaviour",
        body="Dear {{ recipient.full_name }}\n\nThis is about {{ case.reference }}.",
        edited_by=coordinator,
        based_on=default.pk,
    )
    after = produce(case, caseworker, perpetrator)
    before.refresh_from_db()
    assert (before.template.version, before.template.title) == (
        1,
        "Reports of anti-social behaviour",
    )
    assert (after.template.version, after.template.title) == (
        2,
        "Final reminder about your behaviour",
    )
    heading = [p.text for p in Document(after.docx.file.open("rb")).paragraphs][4]
    assert heading == "Final reminder about your behaviour"


def test_a_person_not_on_the_case_is_refused(case, caseworker, council):
    stranger = PersonFactory(organisation=council)
    with pytest.raises(ValidationError) as refused:
        produce(case, caseworker, stranger)
    assert refused.value.message_dict == {"recipient_id": [services.RECIPIENT_NOT_ON_CASE]}
    assert not case.documents.exists() and not Letter.objects.exists()


def test_a_template_asking_for_details_needs_them(case, caseworker, perpetrator):
    with pytest.raises(ValidationError) as refused:
        produce(case, caseworker, perpetrator, kind="community_protection_warning")
    assert "details" in refused.value.message_dict
    letter = produce(
        case,
        caseworker,
        perpetrator,
        kind="community_protection_warning",
        details="Stop playing amplified music after 11pm by 1 April.\n\nKeep the dog indoors.",
    )
    text = [p.text for p in Document(letter.docx.file.open("rb")).paragraphs]
    assert "Stop playing amplified music after 11pm by 1 April." in text
    assert "Keep the dog indoors." in text


def test_the_closure_letter_tells_the_victim_the_outcome(case, caseworker, victim_person):
    case_services.case_close(
        case=case, closed_by=caseworker, outcome="resolved", reason="Quiet for three months"
    )
    letter = produce(case, caseworker, victim_person, kind="case_closure_to_victim")
    text = "\n".join(p.text for p in Document(letter.docx.file.open("rb")).paragraphs)
    assert "The outcome of the case is: Resolved: the behaviour stopped" in text
    assert "Quiet for three months" not in text  # the reason is for the file, not the letter


def test_a_read_only_user_cannot_produce(case, viewer, perpetrator):
    with pytest.raises(PermissionDenied):
        produce(case, viewer, perpetrator)


def test_a_partner_the_case_is_shared_with_uses_its_own_templates(
    case, caseworker, police, perpetrator
):
    case_services.case_share(case=case, organisation=police, shared_by=caseworker)
    police_coordinator = member(Role.COORDINATOR, police)
    services.letter_template_save(
        kind="first_warning",
        title="Police warning",
        body="Dear {{ recipient.full_name }}\n\n{{ officer.organisation }}",
        edited_by=police_coordinator,
        based_on=None,
    )
    officer = member(Role.PARTNER_OFFICER, police)
    letter = produce(case, officer, perpetrator)
    assert letter.template.organisation == police
    assert letter.docx.organisation == police
    text = [p.text for p in Document(letter.docx.file.open("rb")).paragraphs]
    assert text[0] == "Test Police"


# Pages


def test_preview_then_produce_from_the_case_page(signed_in, caseworker, case, perpetrator):
    client = signed_in(caseworker)
    case_page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    new = reverse("letters:new", args=[case.reference])
    assert new in case_page and "Produce a letter" in case_page
    form = client.get(new).content.decode()
    assert "Riley Specimen" in form and "Robin Example" in form
    choice = {"template_kind": "first_warning", "recipient_id": perpetrator.pk, "details": ""}
    preview = client.post(new, choice)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Check the letter" in page and "Dear Riley Specimen" in page
    assert "version 1" in page
    assert not case.documents.exists()
    assert AuditEvent.objects.filter(action="letter.previewed").count() == 1
    template = selectors.template_current(caseworker.membership.organisation, "first_warning")
    produced = client.post(
        reverse("letters:produce", args=[case.reference]),
        {**choice, "previewed_template": template.pk},
    )
    assert produced.status_code == 302
    assert produced.url == reverse("cases:detail", args=[case.reference])
    assert case.documents.count() == 2
    page = client.get(produced.url).content.decode()
    assert f"first-warning-{case.reference}-riley-specimen.pdf" in page
    assert "Letter produced: First warning to Riley Specimen" in page


def test_a_preview_warns_of_empty_fields_and_under_18s(signed_in, caseworker, case, victim_person):
    victim_person.address, victim_person.postcode = "", ""
    victim_person.date_of_birth = victim_person.created_at.date().replace(year=2015)
    victim_person.save()
    page = (
        signed_in(caseworker)
        .post(
            reverse("letters:new", args=[case.reference]),
            {"template_kind": "case_closure_to_victim", "recipient_id": victim_person.pk},
        )
        .content.decode()
    )
    assert "{{ recipient.address }} is empty" in page
    assert "{{ case.outcome }} is empty" in page
    assert "Robin Example is under 18" in page


def test_a_template_edited_since_the_preview_is_not_produced(
    signed_in, caseworker, council, case, perpetrator
):
    previewed = selectors.template_current(council, "first_warning")
    services.letter_template_save(
        kind="first_warning",
        title="New wording",
        body="Dear {{ recipient.full_name }}",
        edited_by=member(Role.COORDINATOR, council),
        based_on=previewed.pk,
    )
    response = signed_in(caseworker).post(
        reverse("letters:produce", args=[case.reference]),
        {
            "template_kind": "first_warning",
            "recipient_id": perpetrator.pk,
            "previewed_template": previewed.pk,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "changed since your preview" in page and "New wording" in page
    assert not case.documents.exists()


def test_the_form_refuses_someone_not_on_the_case(signed_in, caseworker, case, council):
    stranger = PersonFactory(organisation=council)
    response = signed_in(caseworker).post(
        reverse("letters:new", args=[case.reference]),
        {"template_kind": "first_warning", "recipient_id": stranger.pk},
    )
    assert response.status_code == 400
    assert "Choose someone involved in this case" in response.content.decode()


def test_the_form_names_missing_choices(signed_in, caseworker, case):
    response = signed_in(caseworker).post(reverse("letters:new", args=[case.reference]), {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose a letter" in page and "Choose who the letter is to" in page


def test_another_organisation_gets_404(client, case, police, perpetrator):
    client.force_login(member(Role.CASEWORKER, police))
    assert client.get(reverse("letters:new", args=[case.reference])).status_code == 404
    response = client.post(
        reverse("letters:produce", args=[case.reference]),
        {"template_kind": "first_warning", "recipient_id": perpetrator.pk},
    )
    assert response.status_code == 404
    assert not case.documents.exists()


def test_a_viewer_gets_403_and_no_link(client, viewer, case, perpetrator):
    client.force_login(viewer)
    case_page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Produce a letter" not in case_page
    assert client.get(reverse("letters:new", args=[case.reference])).status_code == 403
    response = client.post(
        reverse("letters:produce", args=[case.reference]),
        {"template_kind": "first_warning", "recipient_id": perpetrator.pk},
    )
    assert response.status_code == 403
    assert not case.documents.exists()


def test_producing_needs_post(signed_in, caseworker, case):
    response = signed_in(caseworker).get(reverse("letters:produce", args=[case.reference]))
    assert response.status_code == 405
