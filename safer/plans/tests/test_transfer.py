"""Import and export of action plans: seed 003's round trip, placing rows, reporting problems."""

import csv
import io

import pytest
from openpyxl import load_workbook

from safer.audit.models import AuditEvent
from safer.plans import selectors, transfer
from safer.plans.models import ActionPlan, Indicator, Task
from safer.plans.services import plan_file_import
from safer.plans.tests.factories import SEED_FILE, plan_import, row

pytestmark = pytest.mark.django_db


def seed_rows() -> list[list[str]]:
    with SEED_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == transfer.COLUMNS
    return rows[1:]


def exported(plans=None) -> list[list[str]]:
    return transfer.plan_rows(plans if plans is not None else selectors.plans_for_export())


def snapshot():
    """Everything an import writes, in order, without database ids."""
    result = []
    for plan in selectors.plans_for_export():
        key = plan.key_priority
        result.append(
            (
                plan.title,
                key.title,
                key.parent.title,
                key.parent.parent.title,
                [
                    (
                        h.title,
                        [
                            (
                                t.text,
                                t.timescale,
                                t.timescale_kind,
                                t.due_on,
                                t.partners_text,
                                sorted(t.partners.values_list("short_name", flat=True)),
                                [
                                    (i.name, i.target_text, i.target_timescale, i.target_value)
                                    for i in t.indicators.all()
                                ],
                            )
                            for t in h.tasks.all()
                        ],
                    )
                    for h in plan.headings.all()
                ],
            )
        )
    return result


def test_seed_003_round_trips_import_export_import_with_nothing_lost_or_changed(seed_plans):
    assert exported() == seed_rows()
    first = snapshot()
    csv_text = transfer.csv_write(exported())
    xlsx = transfer.xlsx_write(exported())
    ActionPlan.objects.all().delete()
    report = plan_file_import(content=csv_text.encode(), filename="again.csv", imported_by=None)
    assert report.ok, report.errors
    assert snapshot() == first
    assert exported() == seed_rows()
    ActionPlan.objects.all().delete()
    report = plan_file_import(content=xlsx, filename="again.xlsx", imported_by=None)
    assert report.ok, report.errors
    assert snapshot() == first


def test_seed_003_has_its_plans_headings_tasks_and_indicators(seed_plans):
    assert seed_plans.created == [
        "Serious Acquisitive Crime Action Plan",
        "Young People Crime Action Plan",
        "Young People Crime Action Plan",
        "Young People Crime Action Plan",
        "Young People Crime Action Plan",
        "Proposed Action Plan Template for the Community Plan, Anti Social Behaviour Group",
        "Proposed Domestic Violence Action Plan for the Community Plan, Medium term Strategies, "
        "etc.",
    ]
    sac = ActionPlan.objects.get(title="Serious Acquisitive Crime Action Plan")
    assert [h.title for h in sac.headings.all()] == [
        "Nominated Neighbour Scheme",
        "No Cold Calling Zone \u2013 Kidlington",
        "Safer Car Parks Accreditation",
        "Support Strategic Priority 6 of the Cherwell Homelessness Strategy (PPOs)",
    ]
    car_parks = Task.objects.get(text__startswith="Maintain the safer car parks")
    # The indicator-only row below the task belongs to it.
    assert [i.name for i in car_parks.indicators.all()] == [
        "Progress against task",
        "Percentage of car parks achieving safer car parks accreditation",
    ]
    accreditation = car_parks.indicators.get(order=1)
    assert (accreditation.target_value, accreditation.direction) == (100, "higher")
    assert sorted(car_parks.partners.values_list("short_name", flat=True)) == ["CDC", "OCC", "TVP"]
    exclusions = Task.objects.get(text="Replicate good practise across Cherwell schools")
    assert exclusions.indicators.count() == 3
    assert exclusions.timescale_kind == Task.TimescaleKind.TO_BE_DETERMINED
    assert Task.objects.count() == sum(1 for r in seed_rows() if r[5])
    assert Indicator.objects.count() == sum(1 for r in seed_rows() if any(r[8:]))


def test_partners_are_resolved_and_unknown_ones_reported_with_their_row(seed_plans):
    # Schools, YoS, NSPCC and the voluntary groups are not organisations of the test partnership.
    assert "Row 18: partner 'Schools' is not an organisation of the partnership" in (
        seed_plans.unknown_partners
    )
    assert any("'YoS'" in line for line in seed_plans.unknown_partners)
    rsl = Task.objects.get(text__startswith="Capture, record and disseminate")
    assert sorted(rsl.partners.values_list("short_name", flat=True)) == ["CDC", "EVHA"]
    dv = Task.objects.get(text__startswith="Maintain strategic links")
    assert {"OCC", "CDC", "PCT", "TVP", "Probation"} <= set(
        dv.partners.values_list("short_name", flat=True)
    )
    everyone = Task.objects.get(text__startswith="Contribute to awareness-raising")
    assert everyone.partners.count() == 8


def test_indicator_only_row_without_a_task_above_is_reported_and_nothing_is_imported(partnership):
    report = plan_import(
        [
            row(task="A task", indicator="Progress"),
            row(plan="Other plan", heading="H", indicator="Orphan", target="10%"),
        ]
    )
    assert report.errors == ["Row 3: an indicator with no task above it in the same plan"]
    assert ActionPlan.objects.count() == 0


def test_rows_it_cannot_place_are_all_reported(partnership):
    report = plan_import(
        [
            ["", "", "", "", "", "Task with no plan", "", "", "", "", ""],
            row(task="", timescale="Ongoing", partners="CDC"),
        ]
    )
    assert report.errors == [
        "Row 2: no plan named on this row or above it",
        "Row 3: a timescale or partners with no task",
    ]
    assert not ActionPlan.objects.exists()


def test_file_without_the_columns_is_refused(partnership):
    report = plan_file_import(content=b"Task,Partners\nx,y\n", filename="x.csv", imported_by=None)
    assert report.errors[0].startswith("The file has no column called 'Plan'")


def test_other_file_types_and_non_utf8_are_refused(partnership):
    assert plan_file_import(content=b"x", filename="x.txt", imported_by=None).errors == [
        transfer.BAD_FORMAT
    ]
    assert plan_file_import(content=b"\xff\xfe", filename="x.csv", imported_by=None).errors == [
        transfer.NOT_UTF8
    ]
    assert plan_file_import(content=b"junk", filename="x.xlsx", imported_by=None).errors == [
        transfer.UNREADABLE_XLSX
    ]


def test_blank_cells_repeat_the_row_above_like_merged_cells(partnership):
    report = plan_import(
        [
            row(task="First", partners="TVP"),
            ["", "", "", "", "", "Second", "", "CDC", "", "", ""],
        ]
    )
    assert report.ok
    plan = ActionPlan.objects.get()
    assert [t.heading.title for t in plan.tasks.all()] == ["Test heading", "Test heading"]


def test_an_existing_plan_refuses_the_whole_file_unless_skipped_or_replaced(partnership):
    assert plan_import([row(task="One")]).ok
    report = plan_import([row(plan="New plan", task="A"), row(task="Two")])
    assert report.errors and "already exists" in report.errors[0]
    assert not ActionPlan.objects.filter(title="New plan").exists()
    assert plan_import([row(task="Two")], existing="skip").skipped == ["Test plan"]
    assert list(Task.objects.values_list("text", flat=True)) == ["One"]


def test_replace_keeps_matched_tasks_and_their_updates(partnership, caseworker):
    from safer.plans.services import task_update_record

    plan_import([row(task="Keep", partners="CDC"), row(task="Drop")])
    kept = Task.objects.get(text="Keep")
    task_update_record(
        task=kept, rag="green", commentary="Going well", complete=False, updated_by=caseworker
    )
    report = plan_import(
        [row(task="Keep", partners="CDC, TVP", timescale="March 2012"), row(task="New")],
        existing="replace",
    )
    assert report.replaced == ["Test plan"]
    kept.refresh_from_db()
    assert kept.updates.count() == 1
    assert str(kept.due_on) == "2012-03-31"
    assert list(Task.objects.order_by("order").values_list("text", flat=True)) == ["Keep", "New"]


def test_import_is_audited_per_plan(seed_plans):
    assert AuditEvent.objects.filter(action="plan.imported").count() == 7


def test_xlsx_export_has_the_same_columns_and_rows(seed_plans):
    workbook = load_workbook(io.BytesIO(transfer.xlsx_write(exported())))
    rows = [[c or "" for c in r] for r in workbook.active.iter_rows(values_only=True)]
    assert rows[0] == transfer.COLUMNS
    assert rows[1:] == seed_rows()


def test_formula_like_text_stays_text_in_xlsx(partnership):
    plan_import([row(task="=1+1 is not a formula")])
    content = transfer.xlsx_write(exported())
    report_rows, _ = transfer.rows_read(content=content, filename="x.xlsx")
    assert report_rows[1][5] == "=1+1 is not a formula"
