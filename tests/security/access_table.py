"""Who may reach what: the expected answer to every URL and API operation, per role.

One row per URL name (config/urls.py) and per API operation ("METHOD /api/v1/path"), with one
outcome per column in COLUMNS order. Adding a page or an operation? Add its row here, or
tests/security/test_access_table.py fails and names it. Outcomes (what the test observes):

    ok     2xx, or a redirect anywhere but the sign-in page (the page did its work)
    login  sent to sign in: a redirect to the sign-in page, or 401 from the API
    403    refused: the role lacks the capability
    404    not found: the record is another organisation's, or the path names nothing
    405    the method is not allowed (GET on a POST-only action)
    400, 410, 422, 429  as the status says (422: the API reached validation of an empty body,
                        so a 422 shows the role got past authentication but not whether the
                        operation itself would be allowed)

Columns: anonymous (not signed in); admin, coordinator, caseworker, analyst and viewer are
members of the test organisation (the council); partner_officer works for the police, with
whom the council's case is shared; other_org is a caseworker of an organisation nothing is
shared with. Path arguments come from records of the council (see the test's `records`):
PATH_ARGUMENTS names which record fills which argument where the argument's name is not enough.
"""

COLUMNS = (
    "anonymous",
    "admin",
    "coordinator",
    "caseworker",
    "partner_officer",
    "analyst",
    "viewer",
    "other_org",
)
OUTCOMES = {
    "ok": "2xx or a redirect elsewhere than sign-in",
    "login": "redirect to sign-in, or 401",
    "400": "bad request (a search page asked with no search)",
    "403": "forbidden",
    "404": "not found",
    "405": "method not allowed",
    "410": "gone (a spent or unknown survey link)",
    "422": "unprocessable (API body validation)",
    "429": "too many requests",
}

MISSING = 999999  # an id no record has

PATH_ARGUMENTS = {
    "accounts:set_password": {"uidb64": "x", "token": "x"},
    "cases:report_detail": {"reference": "report"},
    "cases:report_edit": {"reference": "report"},
    "cases:risk_assessment": {"reference": "report"},
    "cases:open_case": {"reference": "report"},
    "cases:attach": {"reference": "report"},
    "cases:raise_band": {"reference": "assessed_report"},
    "cases:intervention_change": {"change": "vary"},
    "plans:detail": {"pk": "plan"},
    "plans:plan_performance": {"pk": "plan"},
    "plans:plan_performance_pdf": {"pk": "plan"},
    "plans:plan_settings": {"pk": "plan"},
    "plans:task_update": {"pk": "plan_task"},
    "plans:task_owner": {"pk": "plan_task"},
    "plans:indicator": {"pk": "indicator"},
    "plans:indicator_value": {"pk": "indicator"},
    "plans:indicator_settings": {"pk": "indicator"},
    "plans:allocation": {"pk": MISSING},
    "plans:spend_add": {"pk": MISSING},
    "plans:output_add": {"pk": MISSING},
    "plans:narrative_edit": {"section": "context"},
    "intel:mapping": {"pk": MISSING},
    "intel:download": {"table": "counts"},
    "cases:list_download": {"format": "csv"},
    "cases:report_list_download": {"format": "xlsx"},
    "intel:asb_download": {"table": "months"},
    "letters:template_edit": {"kind": "first_warning"},
    "surveys:answer": {"token": "no-such-token"},
    "GET /api/v1/plans/{plan_id}": {"plan_id": "plan"},
    "GET /api/v1/indicators/{indicator_id}": {"indicator_id": "indicator"},
    "GET /api/v1/tasks/{task_id}/updates": {"task_id": "plan_task"},
    "POST /api/v1/tasks/{task_id}/updates": {"task_id": "plan_task"},
    # Community Trigger
    "casereviews:detail": {"reference": "CT-0000-000000"},
    "casereviews:complaint_add": {"reference": "CT-0000-000000"},
    "casereviews:refresh": {"reference": "CT-0000-000000"},
    "casereviews:decide": {"reference": "CT-0000-000000"},
    "casereviews:appeal": {"reference": "CT-0000-000000"},
    "casereviews:appeal_outcome": {"reference": "CT-0000-000000"},
    "casereviews:review": {"reference": "CT-0000-000000"},
    "casereviews:review_held": {"reference": "CT-0000-000000"},
    "casereviews:attendee_add": {"reference": "CT-0000-000000"},
    "casereviews:recommendation_add": {"reference": "CT-0000-000000"},
    "casereviews:recommendation_complete": {"reference": "CT-0000-000000", "pk": MISSING},
    "GET /api/v1/community-trigger/applications/{application_id}": {"application_id": MISSING},
    "POST /api/v1/community-trigger/applications/{application_id}/decision": {
        "application_id": MISSING
    },
    "POST /api/v1/community-trigger/applications/{application_id}/review": {
        "application_id": MISSING
    },
    "POST /api/v1/community-trigger/applications/{application_id}/recommendations": {
        "application_id": MISSING
    },
    "POST /api/v1/community-trigger/recommendations/{recommendation_id}/complete": {
        "recommendation_id": MISSING
    },
    "POST /api/v1/community-trigger/applications/{application_id}/appeal": {
        "application_id": MISSING
    },
    "POST /api/v1/community-trigger/applications/{application_id}/appeal/outcome": {
        "application_id": MISSING
    },
}

# columns: anonymous admin coordinator caseworker partner_officer analyst viewer other_org
PAGES = {
    "core:home": "login ok ok ok ok ok ok ok",
    "core:healthz": "ok ok ok ok ok ok ok ok",
    "core:livez": "ok ok ok ok ok ok ok ok",
    "core:metrics": "ok ok ok ok ok ok ok ok",
    "accounts:login": "ok ok ok ok ok ok ok ok",
    "accounts:logout": "login 405 405 405 405 405 405 405",
    "accounts:two_factor_verify": "login ok ok ok ok ok ok ok",
    "accounts:two_factor_setup": "login ok ok ok ok ok ok ok",
    "accounts:set_password": "ok ok ok ok ok ok ok ok",
    "accounts:api_tokens": "login ok ok ok ok ok ok ok",
    "accounts:api_token_create": "login ok ok ok ok ok ok ok",
    "accounts:api_token_revoke": "login 404 404 404 404 404 404 404",
    "people:list": "login 403 ok ok ok 403 ok ok",
    "people:create": "login 403 ok ok ok 403 403 ok",
    "people:detail": "login 404 ok ok ok 404 ok 404",
    "people:edit": "login 404 ok ok 403 404 403 404",
    "people:share": "login 405 405 405 405 405 405 405",
    "people:merge": "login 405 405 405 405 405 405 405",
    "places:lookup": "login 403 ok ok ok 403 ok ok",
    "cases:list": "login 403 ok ok ok 403 ok ok",
    "cases:list_download": "login 403 ok 403 403 403 403 403",
    "cases:queues": "login 403 ok ok ok 403 ok ok",
    "cases:repeats": "login 403 ok ok ok 403 ok ok",
    "cases:questionnaire": "login 403 ok 403 403 403 403 403",
    "cases:detail": "login 404 ok ok ok 404 ok 404",
    "cases:status": "login 405 405 405 405 405 405 405",
    "cases:close": "login 405 405 405 405 405 405 405",
    "cases:task_add": "login 405 405 405 405 405 405 405",
    "cases:task_done": "login 405 405 405 405 405 405 405",
    "cases:note_add": "login 405 405 405 405 405 405 405",
    "cases:document_add": "login 405 405 405 405 405 405 405",
    "cases:document": "login 404 ok ok ok 404 ok 404",
    "cases:share": "login 405 405 405 405 405 405 405",
    "cases:unshare": "login 404 ok ok 403 404 403 404",
    "cases:handover": "login 405 405 405 405 405 405 405",
    "cases:intervention_create": "login 404 ok ok ok 404 403 404",
    "cases:intervention_check": "login 405 405 405 405 405 405 405",
    "cases:breach_create": "login 404 ok ok ok 404 403 404",
    "cases:publicity": "login 404 403 403 403 404 403 404",
    "cases:intervention_change": "login 404 ok ok ok 404 403 404",
    "cases:nuisance_assessment": "login 404 ok ok 403 404 403 404",
    "cases:report_list": "login 403 ok ok ok 403 ok ok",
    "cases:report_create": "login 403 ok ok ok 403 403 ok",
    "cases:report_list_download": "login 403 ok 403 403 403 403 403",
    "cases:report_detail": "login 404 ok ok 404 404 ok 404",
    "cases:report_edit": "login 404 ok ok 404 404 403 404",
    "cases:risk_assessment": "login 404 ok ok 404 404 403 404",
    "cases:raise_band": "login 405 405 405 405 405 405 405",
    "cases:open_case": "login 405 405 405 405 405 405 405",
    "cases:attach": "login 405 405 405 405 405 405 405",
    "audit:list": "login ok 403 403 403 403 403 403",
    "audit:export": "login ok 403 403 403 403 403 403",
    "partners:member_list": "login ok 403 403 403 403 403 403",
    "partners:member_create": "login ok 403 403 403 403 403 403",
    "partners:member_edit": "login ok 403 403 403 403 403 403",
    "partners:member_reset_two_factor": "login 405 405 405 405 405 405 405",
    "partners:member_unlock": "login 405 405 405 405 405 405 405",
    "partners:member_password_link": "login 405 405 405 405 405 405 405",
    "partners:access_requests": "login 403 ok 403 403 403 403 403",
    "partners:access_approve": "login 405 405 405 405 405 405 405",
    "partners:access_refuse": "login 405 405 405 405 405 405 405",
    "intel:dashboard": "login 403 ok 403 403 ok 403 403",
    "intel:map": "login 403 ok 403 403 ok 403 403",
    "intel:hotspots": "login 403 ok 403 403 ok 403 403",
    "intel:predictions": "login 403 ok 403 403 ok 403 403",
    "intel:imports": "login 403 ok 403 403 ok 403 403",
    "intel:upload": "login 405 405 405 405 405 405 405",
    "intel:mapped_upload": "login 403 ok 403 403 ok 403 403",
    "intel:mappings": "login 403 ok 403 403 ok 403 403",
    "intel:mapping_create": "login 405 405 405 405 405 405 405",
    "intel:mapping": "login 403 404 403 403 404 403 403",
    "intel:areas": "login 403 ok 403 403 ok 403 403",
    "intel:area_create": "login 405 405 405 405 405 405 405",
    "intel:download": "login 403 404 403 403 404 403 403",
    "intel:asb": "login 403 ok 403 403 ok 403 403",
    "intel:asb_download": "login 403 ok 403 403 ok 403 403",
    "intel:near_repeats": "login 403 ok 403 403 ok 403 403",
    "intel:near_repeats_download": "login 403 404 403 403 404 403 403",
    "plans:list": "login 403 ok ok ok ok ok ok",
    "plans:detail": "login 403 ok ok ok ok ok ok",
    "plans:plan_performance": "login 403 ok ok ok ok ok ok",
    "plans:plan_performance_pdf": "login 403 ok ok ok ok ok ok",
    "plans:plan_settings": "login 405 405 405 405 405 405 405",
    "plans:export": "login 403 ok ok ok ok ok ok",
    "plans:import": "login 403 ok 403 403 403 403 403",
    "plans:follow_up": "login 403 ok ok ok ok ok ok",
    "plans:task_update": "login 403 ok 403 ok 403 403 403",
    "plans:task_owner": "login 405 405 405 405 405 405 405",
    "plans:indicator": "login 403 ok ok ok ok ok ok",
    "plans:indicator_value": "login 405 405 405 405 405 405 405",
    "plans:indicator_settings": "login 403 ok 403 403 403 403 403",
    "plans:performance": "login 403 ok ok ok ok ok ok",
    "plans:performance_pdf": "login 403 ok ok ok ok ok ok",
    "plans:funding": "login 403 ok ok ok ok ok ok",
    "plans:grant_add": "login 405 405 405 405 405 405 405",
    "plans:allocation_add": "login 405 405 405 405 405 405 405",
    "plans:allocation": "login 403 404 404 404 404 404 404",
    "plans:spend_add": "login 405 405 405 405 405 405 405",
    "plans:output_add": "login 405 405 405 405 405 405 405",
    "plans:annual_reports": "login 403 ok ok ok ok ok ok",
    "plans:annual_report_pdf": "login 403 ok ok ok ok ok ok",
    "plans:annual_report_text": "login 403 ok ok ok ok ok ok",
    "plans:annual_report": "login 403 ok ok ok ok ok ok",
    "plans:narrative_edit": "login 403 ok 403 403 403 403 403",
    "privacy:processing": "login ok ok ok ok ok ok ok",
    "privacy:lookup": "login 400 403 403 403 403 403 403",
    "privacy:person": "login ok 403 403 403 403 403 403",
    "privacy:request": "login 405 405 405 405 405 405 405",
    "privacy:subject_access": "login 405 405 405 405 405 405 405",
    "surveys:answer": "410 410 410 410 410 410 410 410",
    "surveys:results": "login 403 ok 403 403 ok 403 403",
    "letters:template_list": "login 403 ok 403 403 403 403 403",
    "letters:template_edit": "login 403 ok 403 403 403 403 403",
    "letters:new": "login 404 ok ok ok 404 403 404",
    "letters:produce": "login 405 405 405 405 405 405 405",
    "api:openapi-json": "ok ok ok ok ok ok ok ok",
    "api:openapi-view": "login ok ok ok ok ok ok ok",
    "api:api-root": "404 404 404 404 404 404 404 404",
}

API = {
    "GET /api/v1/me": "login ok ok ok ok ok ok ok",
    "GET /api/v1/organisations": "login ok ok ok ok ok ok ok",
    "GET /api/v1/people": "login 403 ok ok ok 403 ok ok",
    "POST /api/v1/people/matches": "login 422 422 422 422 422 422 422",
    "GET /api/v1/people/{person_id}": "login 404 ok ok ok 404 ok 404",
    "GET /api/v1/addresses": "login 422 422 422 422 422 422 422",
    "GET /api/v1/intel/counts": "login 403 ok 403 403 ok 403 403",
    "GET /api/v1/intel/predictions": "login 403 422 403 403 422 403 403",
    "GET /api/v1/plans": "login 403 ok ok ok ok ok ok",
    "GET /api/v1/plans/{plan_id}": "login 403 ok ok ok ok ok ok",
    "GET /api/v1/indicators/{indicator_id}": "login 403 ok ok ok ok ok ok",
    "GET /api/v1/tasks/{task_id}/updates": "login 403 ok ok ok ok ok ok",
    "POST /api/v1/tasks/{task_id}/updates": "login 422 422 422 422 422 422 422",
    "GET /api/v1/risk-assessment-form": "login ok ok ok ok ok ok ok",
    "POST /api/v1/reports": "login 422 422 422 422 422 422 422",
    "GET /api/v1/reports/{report_id}": "login 404 ok ok 404 404 ok 404",
    "PATCH /api/v1/reports/{report_id}": "login 422 422 422 422 422 422 422",
    "POST /api/v1/reports/{report_id}/risk-assessments": "login 422 422 422 422 422 422 422",
    "POST /api/v1/cases": "login 422 422 422 422 422 422 422",
    "GET /api/v1/cases": "login 403 ok ok ok 403 ok ok",
    "GET /api/v1/cases/{case_id}": "login 404 ok ok ok 404 ok 404",
    "PATCH /api/v1/cases/{case_id}": "login 422 422 422 422 422 422 422",
    "POST /api/v1/cases/{case_id}/reports": "login 422 422 422 422 422 422 422",
    "POST /api/v1/cases/{case_id}/shares": "login 422 422 422 422 422 422 422",
    "POST /api/v1/cases/{case_id}/interventions": "login 422 422 422 422 422 422 422",
    "POST /api/v1/cases/{case_id}/interventions/{intervention_id}/changes": "login 422 422 422 422 422 422 422",  # noqa: E501
    "POST /api/v1/cases/{case_id}/close": "login 422 422 422 422 422 422 422",
    "GET /api/v1/intervention-kinds": "login ok ok ok ok ok ok ok",
    "GET /api/v1/me/work": "login ok ok ok ok ok ok ok",
    "POST /api/v1/cases/{case_id}/notes": "login 422 422 422 422 422 422 422",
    "GET /api/v1/cases/{case_id}/notes": "login 404 ok ok ok 404 ok 404",
    "POST /api/v1/cases/{case_id}/tasks": "login 422 422 422 422 422 422 422",
    "GET /api/v1/cases/{case_id}/tasks": "login 404 ok ok ok 404 ok 404",
    "POST /api/v1/cases/{case_id}/tasks/{task_id}/done": "login 404 ok ok ok 404 403 404",
    "POST /api/v1/cases/{case_id}/letters": "login 422 422 422 422 422 422 422",
    "GET /api/v1/cases/{case_id}/letters": "login 404 ok ok ok 404 ok 404",
    "GET /api/v1/letter-templates": "login 403 ok ok ok 403 403 ok",
    "GET /api/v1/surveys/results": "login 422 422 422 422 422 422 422",
    # Community Trigger
    "POST /api/v1/community-trigger/applications": "login 422 422 422 422 422 422 422",
    "GET /api/v1/community-trigger/applications": "login 403 ok ok ok 403 ok ok",
    "GET /api/v1/community-trigger/applications/{application_id}": "login 404 404 404 404 404 404 404",  # noqa: E501
    "POST /api/v1/community-trigger/applications/{application_id}/decision": "login 422 422 422 422 422 422 422",  # noqa: E501
    "POST /api/v1/community-trigger/applications/{application_id}/review": "login 422 422 422 422 422 422 422",  # noqa: E501
    "POST /api/v1/community-trigger/applications/{application_id}/recommendations": "login 422 422 422 422 422 422 422",  # noqa: E501
    "POST /api/v1/community-trigger/recommendations/{recommendation_id}/complete": "login 422 422 422 422 422 422 422",  # noqa: E501
    "POST /api/v1/community-trigger/applications/{application_id}/appeal": "login 422 422 422 422 422 422 422",  # noqa: E501
    "POST /api/v1/community-trigger/applications/{application_id}/appeal/outcome": "login 422 422 422 422 422 422 422",  # noqa: E501
    "GET /api/v1/community-trigger/statistics": "login 422 422 422 422 422 422 422",
}
