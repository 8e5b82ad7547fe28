from django import forms

from safer.surveys.models import SatisfactionSurvey
from safer.surveys.selectors import GROUPS
from safer.surveys.services import ANSWER_MISSING, COMMENT_MAX


class SurveyAnswerForm(forms.Form):
    satisfied = forms.ChoiceField(
        label="How satisfied are you with how we dealt with the problem you reported?",
        choices=SatisfactionSurvey.Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": ANSWER_MISSING["satisfied"]},
    )
    kept_informed = forms.ChoiceField(
        label="Did we keep you informed about what we were doing?",
        choices=SatisfactionSurvey.KeptInformed.choices,
        widget=forms.RadioSelect,
        error_messages={"required": ANSWER_MISSING["kept_informed"]},
    )
    feel_safer = forms.ChoiceField(
        label="Do you feel safer now than before you reported it?",
        choices=SatisfactionSurvey.FeelSafer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": ANSWER_MISSING["feel_safer"]},
    )
    comment = forms.CharField(
        label="Anything else you want to tell us (optional)",
        help_text="Do not include names or contact details.",
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ResultsFilterForm(forms.Form):
    year = forms.IntegerField(label="Year", min_value=2000, max_value=2100)
    group_by = forms.ChoiceField(label="Group by", choices=list(GROUPS.items()))
