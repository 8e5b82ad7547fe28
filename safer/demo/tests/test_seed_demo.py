import pytest
from django.core.management import call_command

from safer.accounts.models import User
from safer.audit.selectors import chain_verify
from safer.cases.models import Case, Report, RiskAssessment
from safer.cases.selectors import report_time_profile
from safer.partners.models import Organisation
from safer.people.models import Person

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = {"admin", "coordinator", "caseworker", "police", "housing", "analyst", "viewer"}


def counts():
    return tuple(
        model.objects.count()
        for model in (Organisation, User, Person, Report, Case, RiskAssessment)
    )


def test_seed_demo_is_idempotent_and_realistic(capsys, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-password-for-tests")
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    assert set(User.objects.values_list("username", flat=True)) >= DEMO_USERNAMES
    assert User.objects.get(username="police").check_password("a-demo-password-for-tests")
    assert Report.objects.count() >= 300
    assert Case.objects.count() >= 50
    bands = set(RiskAssessment.objects.values_list("band", flat=True))
    assert bands == {"standard", "medium", "high"}
    flags = {flag for flags in Report.objects.values_list("flags", flat=True) for flag in flags}
    assert {"repeat_caller", "repeat_location"} <= flags
    assert Report.objects.filter(risk="").exists()  # some wait in the assessment queue
    # Times of day and map points, so the intel hub's ASB and near-repeat pages show something.
    assert not Report.objects.filter(latitude__isnull=True).exists()
    profile = report_time_profile()
    assert sum(1 for n in profile.by_hour if n) >= 20
    assert profile.by_hour[20] > 2 * profile.by_hour[4]  # an evening peak, quiet small hours
    assert all(
        "Demo" in p.last_name
        or p.last_name
        in ("Example", "Sample", "Specimen", "Placeholder", "Fictional", "Madeup", "Testcase")
        for p in Person.objects.all()
    )
    # Partnership working: a JATAC with a held meeting whose actions reached the case plans,
    # and the next one proposed; Community Trigger applications at each stage.
    from safer.casereviews.models import Application, Recommendation
    from safer.tasking.models import Meeting, MeetingAction

    assert Meeting.objects.filter(series__name="JATAC").count() == 2
    assert MeetingAction.objects.filter(task__owner__username="police").exists()
    assert set(Application.objects.values_list("status", flat=True)) >= {"not_met", "received"}
    assert Recommendation.objects.filter(completed_on__isnull=False).count() == 1
    assert chain_verify().ok
    out = capsys.readouterr().out
    assert "caseworker" in out and "a-demo-password-for-tests" in out
