"""Action plan pages: happy paths, GOV.UK errors, access and POST-only mutations."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from safer.audit.models import AuditEvent
from safer.core.tests.pdf import structure
from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.plans.defaults import partnership_indicators_ensure
from safer.plans.forms import CHOOSE_RAG, ENTER_COMMENTARY, ENTER_VALUE
from safer.plans.models import ActionPlan, Indicator, IndicatorValue, ReportNarrative, Task
from safer.plans.pdf import annual_report_pdf, performance_pdf
from safer.plans.tests.factories import SEED_FILE, plan_import, row

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def coordinator(partnership):
    return member(Role.COORDINATOR, partnership["CDC"], username="coordinator")


@pytest.fixture
def police_officer(partnership):
    return member(Role.PARTNER_OFFICER, partnership["TVP"], username="officer")


@pytest.fixture
def analyst(partnership):
    return member(Role.ANALYST, partnership["CDC"], username="analyst")


def sac_plan() -> ActionPlan:
    return ActionPlan.objects.get(title="Serious Acquisitive Crime Action Plan")


def test_plan_list_and_plan_page_lay_out_seed_003(seed_plans, signed_in, police_officer):
    client = signed_in(police_officer)
    response = client.get(reverse("plans:list"))
    assert response.status_code == 200
    assert "Serious Acquisitive Crime Action Plan" in response.content.decode()
    page = client.get(sac_plan().get_absolute_url()).content.decode()
    for text in (
        "Hierarchy of top-level objectives",
        "Nominated Neighbour Scheme",
        "TVP, OCC, CDC",
        "Percentage of car parks achieving safer car parks accreditation",
        "2008/2009",
    ):
        assert text in page
    assert "Update<span" in page  # TVP is a partner of these tasks


def test_analysts_read_plans_but_admins_without_records_or_analytics_cannot(
    seed_plans, signed_in, analyst, partnership
):
    assert signed_in(analyst).get(sac_plan().get_absolute_url()).status_code == 200
    admin = member(Role.ADMIN, partnership["CDC"], username="admin")
    assert signed_in(admin).get(reverse("plans:list")).status_code == 403


def test_unknown_plan_is_404(seed_plans, signed_in, police_officer):
    assert signed_in(police_officer).get(reverse("plans:detail", args=[999999])).status_code == 404


def test_partner_officer_updates_a_task_of_their_organisation(
    seed_plans, signed_in, police_officer
):
    task = Task.objects.get(text="Pilot scheme within Cherwell")
    client = signed_in(police_officer)
    assert client.get(reverse("plans:task_update", args=[task.pk])).status_code == 200
    response = client.post(
        reverse("plans:task_update", args=[task.pk]),
        {"rag": "amber", "commentary": "Waiting for volunteers"},
    )
    assert response.status_code == 302
    update = task.updates.get()
    assert (update.rag, update.updated_by) == ("amber", police_officer)
    assert AuditEvent.objects.filter(action="plan.task_updated", target_id=str(task.pk)).exists()
    page = client.get(sac_plan().get_absolute_url()).content.decode()
    assert "Waiting for volunteers" in page


def test_officer_of_an_organisation_not_on_the_task_gets_403(seed_plans, signed_in, partnership):
    officer = member(Role.PARTNER_OFFICER, partnership["PCT"], username="nurse")
    task = Task.objects.get(text="Pilot scheme within Cherwell")
    response = signed_in(officer).post(
        reverse("plans:task_update", args=[task.pk]), {"rag": "red", "commentary": "x"}
    )
    assert response.status_code == 403
    assert not task.updates.exists()


def test_viewer_cannot_update_even_their_own_organisations_task(seed_plans, signed_in, partnership):
    viewer = member(Role.VIEWER, partnership["TVP"], username="viewer")
    task = Task.objects.get(text="Pilot scheme within Cherwell")
    assert signed_in(viewer).get(reverse("plans:task_update", args=[task.pk])).status_code == 403


def test_invalid_task_update_shows_the_error_summary(seed_plans, signed_in, coordinator):
    task = Task.objects.first()
    response = signed_in(coordinator).post(reverse("plans:task_update", args=[task.pk]), {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and CHOOSE_RAG in page and ENTER_COMMENTARY in page


def test_follow_up_lists_overdue_and_undetermined(seed_plans, signed_in, police_officer):
    page = signed_in(police_officer).get(reverse("plans:follow_up")).content.decode()
    assert "Scope project based on Bicester Bus service" in page  # due July 2008
    assert "Identify reasons for exclusions and absenteeism" in page  # to be determined
    assert "NI114 Rate of permanent exclusions from school" in page  # target to be determined


def test_coordinator_imports_a_file_and_a_bad_file_imports_nothing(
    partnership, signed_in, coordinator
):
    client = signed_in(coordinator)
    assert client.get(reverse("plans:import")).status_code == 200
    upload = SimpleUploadedFile("seed.csv", SEED_FILE.read_bytes(), content_type="text/csv")
    response = client.post(reverse("plans:import"), {"file": upload})
    assert response.status_code == 200
    assert ActionPlan.objects.count() == 7
    assert "partner &#x27;Schools&#x27; is not an organisation" in response.content.decode()
    bad = SimpleUploadedFile("bad.csv", b"Plan,Task\nx,y\n", content_type="text/csv")
    response = client.post(reverse("plans:import"), {"file": bad})
    assert "Nothing was imported" in response.content.decode()


def test_import_form_errors(partnership, signed_in, coordinator):
    client = signed_in(coordinator)
    page = client.post(reverse("plans:import"), {}).content.decode()
    assert "Choose a CSV or XLSX file to import" in page
    wrong = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")
    page = client.post(reverse("plans:import"), {"file": wrong}).content.decode()
    assert "The file must be a CSV or XLSX file" in page


def test_only_coordinators_import(partnership, signed_in, police_officer):
    assert signed_in(police_officer).get(reverse("plans:import")).status_code == 403


def test_export_downloads_csv_and_xlsx_and_is_audited(seed_plans, signed_in, police_officer):
    client = signed_in(police_officer)
    response = client.get(reverse("plans:export") + "?format=csv")
    assert response.content.decode() == SEED_FILE.read_text(encoding="utf-8")
    one = client.get(reverse("plans:export") + f"?format=xlsx&plan={sac_plan().pk}")
    assert one["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="plan.exported").count() == 2
    assert client.get(reverse("plans:export") + "?format=pdf").status_code == 404


def test_manual_figure_entry_and_indicator_page(seed_plans, signed_in, coordinator):
    partnership_indicators_ensure()
    indicator = Indicator.objects.get(name__startswith="Increase the number of confiscation")
    client = signed_in(coordinator)
    url = reverse("plans:indicator_value", args=[indicator.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"period": "2011-q1", "value": "12", "commentary": "Three cases"})
    assert response.status_code == 302
    assert IndicatorValue.objects.get(indicator=indicator).period == "2011-Q1"
    page = client.get(reverse("plans:indicator", args=[indicator.pk])).content.decode()
    assert "Confiscation orders made by the courts" in page  # the definition beside the figure
    assert "Three cases" in page and "<svg" in page
    bad = client.post(url, {"period": "spring", "value": "lots"}).content.decode()
    assert "Enter a quarter like 2011-Q1" in bad and ENTER_VALUE in bad


def test_partner_officer_cannot_enter_partnership_figures(seed_plans, signed_in, police_officer):
    partnership_indicators_ensure()
    indicator = Indicator.objects.get(name__startswith="Increase the number of confiscation")
    response = signed_in(police_officer).post(
        reverse("plans:indicator_value", args=[indicator.pk]), {"period": "2011-Q1", "value": "3"}
    )
    assert response.status_code == 403


def test_indicator_settings_make_a_task_indicator_measured_live(seed_plans, signed_in, coordinator):
    indicator = Indicator.objects.get(name="NI 19 rate of reoffending by PPOs")
    client = signed_in(coordinator)
    url = reverse("plans:indicator_settings", args=[indicator.pk])
    assert client.get(url).status_code == 200
    data = {
        "name": indicator.name,
        "source": "cases",
        "measure_key": "",
        "direction": "lower",
        "frequency": "quarterly",
    }
    page = client.post(url, data).content.decode()
    assert "Choose the measure a live indicator reads" in page
    data |= {
        "measure_key": "cases_opened",
        "target_kind": "percentage_change",
        "target_value": "-5",
    }
    assert client.post(url, data).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.source, indicator.measure_key) == ("cases", "cases_opened")


def test_performance_pages_and_pdf(seed_plans, signed_in, coordinator):
    partnership_indicators_ensure()
    indicator = Indicator.objects.get(name__startswith="Increase the number of confiscation")
    indicator.baseline = 10
    indicator.save()
    IndicatorValue.objects.create(
        indicator=indicator,
        period="2011-Q1",
        value=12,
        commentary="Good quarter",
        entered_by=coordinator,
    )
    client = signed_in(coordinator)
    page = client.get(reverse("plans:performance") + "?period=2011-Q1").content.decode()
    assert "Increase the number of confiscation orders by 5%" in page
    assert "Green: Target met" in page and "<svg" in page and "govuk-table" in page
    response = client.get(reverse("plans:performance_pdf") + "?period=2011-Q1")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Partnership performance" in text
    assert "Increase the number of confiscation orders by 5%" in text
    assert "Green: Target met" in text and "Good quarter" in text
    plan_page = client.get(reverse("plans:plan_performance", args=[sac_plan().pk]))
    assert plan_page.status_code == 200
    assert (
        client.get(reverse("plans:plan_performance_pdf", args=[sac_plan().pk])).status_code == 200
    )
    bad = client.get(reverse("plans:performance") + "?period=2011").content.decode()
    assert "Enter a quarter like 2011-Q1" in bad


def test_performance_pdf_keeps_every_character_the_page_has(seed_plans):
    from safer.plans import selectors

    plan = ActionPlan.objects.get(title__startswith="Proposed Domestic")
    Indicator.objects.filter(task__plan=plan).update(target_value=1, target_kind="absolute")
    rows = selectors.performance_report(plan=plan, period="2011-Q1")
    title = "Plan \u2013 \u201cquoted\u201d <b>bold</b>"
    content = performance_pdf(title=title, period="2011-Q1", period_label="Q", rows=rows)
    text = pdf_text(content)
    assert title in text
    assert "Reports to both CCSSG and Homelessness Strategy Steering Group" in text
    assert PdfReader(io.BytesIO(content)).metadata.title == title


def _tagged(content: bytes) -> list[tuple[str, str]]:
    """The structure elements of a tagged PDF/UA-1 file in British English, with its title."""
    catalogue, elements = structure(content)
    assert "/StructTreeRoot" in catalogue
    assert catalogue["/MarkInfo"]["/Marked"].value is True
    assert catalogue["/Lang"] == "en-GB"
    assert catalogue["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert "pdfuaid" in PdfReader(io.BytesIO(content)).xmp_metadata.stream.get_data().decode()
    return elements


def _figures_without_alt(content: bytes) -> list:
    catalogue, _elements = structure(content)
    missing, stack = [], [catalogue["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if not isinstance(node, dict):
            continue
        if node.get("/S") == "/Figure" and not node.get("/Alt"):
            missing.append(node)
        kids = node.get("/K")
        stack.extend([] if kids is None else kids if isinstance(kids, list) else [kids])
    return missing


def test_performance_pdf_is_tagged_with_its_heading_and_tables(seed_plans, signed_in, coordinator):
    partnership_indicators_ensure()
    indicator = Indicator.objects.get(name__startswith="Increase the number of confiscation")
    indicator.baseline = 10
    indicator.save()
    IndicatorValue.objects.create(
        indicator=indicator,
        period="2011-Q1",
        value=12,
        commentary="Good quarter",
        entered_by=coordinator,
    )
    response = signed_in(coordinator).get(reverse("plans:performance_pdf") + "?period=2011-Q1")
    elements = _tagged(response.content)
    assert ("/H1", "Partnership performance") in elements
    assert ("/H2", "Increase the number of confiscation orders by 5%") in elements
    headers = [text for tag, text in elements if tag == "/TH"]
    assert {"Indicator", "2011-Q1", "Target", "Status", "Quarter", "Figure"} <= set(headers)
    tables = [text for tag, text in elements if tag == "/Table"]
    assert any(
        "Increase the number of confiscation orders by 5%" in t and "12" in t and "Green" in t
        for t in tables
    )
    assert any("Good quarter" in text for tag, text in elements if tag == "/P")
    assert any(tag == "/Figure" for tag, _text in elements)
    assert _figures_without_alt(response.content) == []


def test_annual_report_pdf_is_tagged_with_its_sections_and_figures(
    seed_plans, signed_in, coordinator
):
    partnership_indicators_ensure()
    ReportNarrative.objects.create(year="2010-11", section="context", text="Crime fell again.")
    response = signed_in(coordinator).get(reverse("plans:annual_report_pdf", args=["2010-11"]))
    elements = _tagged(response.content)
    assert ("/H1", "Report 2010-11 and rolling plan for 2011-13") in elements
    h2 = [text for tag, text in elements if tag == "/H2"]
    for section in ("Context", "The place", "The victim", "The offender"):
        assert section in h2
    assert ("/P", "Crime fell again.") in elements
    assert any(tag == "/H3" and "Reduce serious acquisitive crime" in t for tag, t in elements)
    assert any(tag == "/Table" for tag, _text in elements)
    assert any(tag == "/TH" for tag, _text in elements)
    assert _figures_without_alt(response.content) == []


def test_annual_report_html_pdf_and_text_with_editable_narrative(
    seed_plans, signed_in, coordinator
):
    partnership_indicators_ensure()
    client = signed_in(coordinator)
    assert client.get(reverse("plans:annual_reports")).status_code == 200
    edit = reverse("plans:narrative_edit", args=["2010-11", "context"])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"text": "Crime fell again this year."})
    assert response.status_code == 302
    assert ReportNarrative.objects.get(year="2010-11", section="context").text.startswith("Crime")
    page = client.get(reverse("plans:annual_report", args=["2010-11"])).content.decode()
    for text in (
        "Report 2010-11 and rolling plan for 2011-13",
        "Context",
        "Achievements to date",
        "The place",
        "The victim",
        "The offender",
        "How we will gauge our success",
        "Crime fell again this year.",
        "Reduce serious acquisitive crime (SAC) by 5%",
    ):
        assert text in page
    text = client.get(reverse("plans:annual_report_text", args=["2010-11"]))
    assert text["Content-Type"].startswith("text/plain")
    assert "1. CONTEXT" in text.content.decode()
    assert "Crime fell again this year." in text.content.decode()
    pdf = client.get(reverse("plans:annual_report_pdf", args=["2010-11"]))
    extracted = pdf_text(pdf.content)
    assert "Report 2010-11 and rolling plan for 2011-13" in extracted
    assert "Crime fell again this year." in extracted
    assert "How we will gauge our success" in extracted
    assert client.get(reverse("plans:annual_report", args=["2010-12"])).status_code == 404


def test_only_coordinators_edit_the_narrative(seed_plans, signed_in, police_officer):
    edit = reverse("plans:narrative_edit", args=["2010-11", "context"])
    assert signed_in(police_officer).post(edit, {"text": "x"}).status_code == 403


def test_annual_report_pdf_function_draws_every_section(seed_plans):
    from safer.plans.annual import annual_report

    text = pdf_text(annual_report_pdf(report=annual_report(year="2011-12")))
    for section in ("Context", "Priorities", "The place", "The victim", "The offender"):
        assert section in text
    assert "Serious Acquisitive Crime Action Plan" in text


def test_plan_page_queries_do_not_grow_with_tasks(partnership, signed_in, police_officer):
    plan_import(
        [row(task=f"Task {n}", partners="TVP, CDC", indicator="Progress") for n in range(3)]
    )
    client = signed_in(police_officer)
    url = ActionPlan.objects.get().get_absolute_url()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    ActionPlan.objects.all().delete()
    plan_import(
        [row(task=f"Task {n}", partners="TVP, CDC", indicator="Progress") for n in range(30)]
    )
    url = ActionPlan.objects.get().get_absolute_url()
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) <= len(few) + 1


def test_coordinator_sets_the_plan_period_and_a_task_owner(
    seed_plans, signed_in, coordinator, police_officer
):
    client = signed_in(coordinator)
    plan = sac_plan()
    url = reverse("plans:plan_settings", args=[plan.pk])
    assert client.get(url).status_code == 405
    client.post(url, {"period": "2011-12", "rolling_to": "2013"})
    plan.refresh_from_db()
    assert (plan.period, plan.rolling_to) == ("2011-12", "2013")
    task = Task.objects.get(text="Pilot scheme within Cherwell")
    assert "Save owner" in client.get(reverse("plans:task_update", args=[task.pk])).content.decode()
    client.post(reverse("plans:task_owner", args=[task.pk]), {"owner": police_officer.pk})
    task.refresh_from_db()
    assert task.owner == police_officer
    assert AuditEvent.objects.filter(action="plan.task_owner_set").exists()
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "rolling to 2013" in page and "Owner: " in page


def test_partner_officer_cannot_change_plan_settings(seed_plans, signed_in, police_officer):
    url = reverse("plans:plan_settings", args=[sac_plan().pk])
    assert signed_in(police_officer).post(url, {"period": "x"}).status_code == 403


def test_indicator_owner_enters_figures(seed_plans, signed_in, coordinator, partnership):
    partnership_indicators_ensure()
    indicator = Indicator.objects.get(name__startswith="Satisfaction with the way")
    caseworker = member(Role.CASEWORKER, partnership["CDC"], username="asbteam")
    url = reverse("plans:indicator_value", args=[indicator.pk])
    assert signed_in(caseworker).post(url, {"period": "2011-Q1", "value": "80"}).status_code == 403
    data = {
        "name": indicator.name,
        "source": "manual",
        "direction": "higher",
        "frequency": "quarterly",
        "unit": "%",
        "owner": caseworker.pk,
    }
    client = signed_in(coordinator)
    assert (
        client.post(reverse("plans:indicator_settings", args=[indicator.pk]), data).status_code
        == 302
    )
    client = signed_in(caseworker)
    assert client.post(url, {"period": "2011-Q1", "value": "80"}).status_code == 302
    assert IndicatorValue.objects.get(indicator=indicator).entered_by == caseworker


def test_xlsx_upload_on_the_import_page(partnership, signed_in, coordinator):
    from safer.plans.transfer import xlsx_write

    content = xlsx_write([row(task="From a spreadsheet", partners="CDC")])
    upload = SimpleUploadedFile("plan.xlsx", content)
    response = signed_in(coordinator).post(reverse("plans:import"), {"file": upload})
    assert response.status_code == 200
    assert Task.objects.get().text == "From a spreadsheet"


@pytest.mark.parametrize("name", ["plans:list", "plans:follow_up"])
def test_list_pages_have_a_query_ceiling(partnership, signed_in, police_officer, name):
    plan_import(
        [
            row(plan=f"Plan {p}", task=f"Task {n}", partners="TVP", timescale="March 2009")
            for p in range(5)
            for n in range(10)
        ]
    )
    client = signed_in(police_officer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name)).status_code == 200
    assert len(queries) <= 25
