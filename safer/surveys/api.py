"""Survey results through the API: the same aggregates, and the same rule, as the page."""

from typing import Literal

from django.conf import settings
from ninja import Query, Router, Schema
from pydantic import Field

from safer.core.api_schema import InputSchema, errors
from safer.partners.access import require_capability
from safer.partners.roles import Capability
from safer.surveys import selectors

router = Router(tags=["surveys"])


class SurveyResultsQuery(InputSchema):
    year: int = Field(ge=2000, le=2100)
    group_by: Literal["team", "kind", "quarter", "occasion"] = "quarter"


class SurveyResultRowOut(Schema):
    label: str
    offered: int
    sent: int
    answered: int
    response_rate: float | None = Field(description="answered / sent, %")
    satisfied: float | None = Field(description="% of answers; null below the minimum answers")
    kept_informed: float | None
    feel_safer: float | None


class SurveyResultsOut(Schema):
    year: int
    group_by: str
    minimum_answers: int
    rows: list[SurveyResultRowOut]


@router.get(
    "/surveys/results",
    response={200: SurveyResultsOut, **errors(403, 422)},
    summary="Satisfaction survey results, in aggregate",
)
def survey_results(request, query: Query[SurveyResultsQuery]):
    require_capability(request.user, Capability.VIEW_ANALYTICS)
    rows = selectors.survey_results(year=query.year, group_by=query.group_by)
    return {
        "year": query.year,
        "group_by": query.group_by,
        "minimum_answers": settings.SURVEY_MIN_ANSWERS,
        "rows": [row.__dict__ for row in rows],
    }
