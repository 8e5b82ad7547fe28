def subject_access_cohorts(person_ids: list[int]) -> dict:
    """settings.SUBJECT_ACCESS_SECTIONS: the cohorts the person has been a member of."""
    from safer.cohorts.models import CohortMember

    members = CohortMember.objects.filter(person__in=person_ids).select_related(
        "cohort", "cohort__organisation"
    )
    return {
        "key": "cohorts",
        "title": "Offender management cohorts",
        "rows": [
            {
                "Cohort": m.cohort.name,
                "Kind": m.cohort.get_kind_display(),
                "Organisation": m.cohort.organisation.name,
                "Joined": m.joined_on,
                "Left": m.left_on,
            }
            for m in members.order_by("joined_on", "pk")
        ],
    }
