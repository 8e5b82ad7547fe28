"""Victim-led risk assessment: the questionnaire is versioned data; these rules read it.

A questionnaire definition is a JSON-compatible dict (the shipped default is risk_default.json,
whose "notes" give its sources): questions with weighted choices, band thresholds, mandatory-high
rules, the victim support referral score and the review cadence per band. A coordinator publishes
a new version after validate_questionnaire() finds nothing wrong; every assessment keeps the
version it used, so scoring reads only the definition it is given (and RISK_CADENCE).
"""

import copy
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.conf import settings

from safer.cases.working_days import add_working_days


class Band(StrEnum):
    """Risk bands, lowest first; values match cases.models.RiskBand."""

    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return list(Band).index(self)


ANSWER_REQUIRED = "Answer the question: {text}"
ANSWER_NOT_A_CHOICE = "Choose one of the answers given for: {text}"
ANSWER_NOT_A_LIST = "Choose one or more of the answers given for: {text}"
ANSWER_EXCLUSIVE = "'{label}' cannot be chosen with another answer for: {text}"
ANSWER_UNKNOWN_QUESTION = "This question is not in questionnaire version {version}"
ANSWERS_NOT_AN_OBJECT = "Give the answers as an object of question keys and answers"
BAND_UNKNOWN = "Choose a risk level: standard, medium or high"
BAND_RAISE_NEEDS_REASON = "Give a reason for raising the risk level"
BAND_CANNOT_BE_LOWERED = "The risk level cannot be lowered from {current} to {requested}"
BAND_ALREADY = "The risk level is already {current}"

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
QUESTION_FIELDS = {
    "key",
    "text",
    "help",
    "screening",
    "vulnerability",
    "multiple",
    "list_scoring",
    "choices",
}
CHOICE_FIELDS = {"value", "label", "weight", "exclusive"}
CADENCE_FIELDS = ("first_contact_working_days", "review_days")
LIST_SCORING = ("max", "sum")

DEFAULT_QUESTIONNAIRE: dict[str, Any] = json.loads(
    Path(__file__).with_name("risk_default.json").read_text(encoding="utf-8")
)


def default_questionnaire() -> dict[str, Any]:
    """A fresh copy of the shipped default, safe to edit into a new version."""
    return copy.deepcopy(DEFAULT_QUESTIONNAIRE)


def questionnaire_form(definition: Mapping[str, Any]) -> dict[str, Any]:
    """The questionnaire as shown to the person asking the questions: weights stay private."""
    return {
        "version": definition["version"],
        "title": definition.get("title", ""),
        "questions": [
            {
                "key": q["key"],
                "text": q["text"],
                "help": q.get("help", ""),
                "screening": bool(q.get("screening")),
                "multiple": bool(q.get("multiple")),
                "choices": [{"value": c["value"], "label": c["label"]} for c in q["choices"]],
            }
            for q in definition["questions"]
        ],
    }


# ---------------------------------------------------------------------------------------------
# Validation of a definition, before a coordinator publishes it


def _is_count(value: Any, minimum: int = 0) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def validate_questionnaire(definition: Any) -> list[str]:
    """Everything wrong with a definition, each error naming the question or field; [] if none."""
    if not isinstance(definition, Mapping):
        return ["The questionnaire must be a JSON object"]
    errors: list[str] = []
    version = definition.get("version")
    if not (_is_count(version, 1) or (isinstance(version, str) and version.strip())):
        errors.append("version: give a version number or label")
    questions = definition.get("questions")
    choices_by_key: dict[str, set[str]] = {}
    if not isinstance(questions, list) or not questions:
        errors.append("questions: add at least one question")
        questions = []
    for index, question in enumerate(questions):
        errors += _question_errors(index, question, choices_by_key)
    if questions and not any(isinstance(q, Mapping) and q.get("screening") for q in questions):
        errors.append("questions: mark at least one question as a screening question")
    errors += _threshold_errors(definition.get("thresholds"), questions)
    errors += _mandatory_high_errors(definition.get("mandatory_high", []), choices_by_key)
    referral = definition.get("victim_support_referral")
    if referral is not None and (
        not isinstance(referral, Mapping)
        or not (referral.get("score_above") is None or _is_count(referral.get("score_above")))
    ):
        errors.append(
            "victim_support_referral: score_above must be a whole number of 0 or more, or null"
        )
    errors += _cadence_errors(definition.get("cadence"))
    return errors


def _question_errors(index: int, question: Any, choices_by_key: dict[str, set[str]]) -> list[str]:
    if not isinstance(question, Mapping):
        return [f"questions[{index}]: each question must be a JSON object"]
    key = question.get("key")
    named = isinstance(key, str) and KEY_PATTERN.match(key)
    where = f"Question '{key}'" if named else f"questions[{index}]"
    errors = [
        f"{where}: unknown field '{name}'" for name in sorted(set(question) - QUESTION_FIELDS)
    ]
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        errors.append(f"{where}: key must be lower case letters, digits and underscores")
    elif key in choices_by_key:
        errors.append(f"{where}: duplicate key")
    if not isinstance(question.get("text"), str) or not question["text"].strip():
        errors.append(f"{where}: text is missing")
    if "help" in question and not isinstance(question["help"], str):
        errors.append(f"{where}: help must be text")
    for flag in ("screening", "vulnerability", "multiple"):
        if flag in question and not isinstance(question[flag], bool):
            errors.append(f"{where}: {flag} must be true or false")
    if "list_scoring" in question:
        if not question.get("multiple"):
            errors.append(f"{where}: list_scoring only applies to a multiple question")
        elif question["list_scoring"] not in LIST_SCORING:
            errors.append(f"{where}: list_scoring must be 'max' or 'sum'")
    values: set[str] = set()
    choices = question.get("choices")
    if not isinstance(choices, list) or len(choices) < 2:
        errors.append(f"{where}: give at least two choices")
        choices = choices if isinstance(choices, list) else []
    for position, choice in enumerate(choices):
        if not isinstance(choice, Mapping):
            errors.append(f"{where}: choice {position + 1} must be a JSON object")
            continue
        value = choice.get("value")
        label = f"{where}, choice '{value}'" if value else f"{where}, choice {position + 1}"
        errors += [f"{label}: unknown field '{n}'" for n in sorted(set(choice) - CHOICE_FIELDS)]
        if not isinstance(value, str) or not KEY_PATTERN.match(value):
            errors.append(f"{label}: value must be lower case letters, digits and underscores")
        elif value in values:
            errors.append(f"{label}: duplicate value")
        else:
            values.add(value)
        if not isinstance(choice.get("label"), str) or not choice["label"].strip():
            errors.append(f"{label}: label is missing")
        if not _is_count(choice.get("weight")):
            errors.append(f"{label}: weight must be a whole number of 0 or more")
        if "exclusive" in choice and not (
            isinstance(choice["exclusive"], bool) and question.get("multiple")
        ):
            errors.append(f"{label}: exclusive must be true or false, on a multiple question")
    if isinstance(key, str) and key not in choices_by_key:
        choices_by_key[key] = values
    return errors


def max_score(definition: Mapping[str, Any], *, screening_only: bool = False) -> int:
    """The highest score the questionnaire can give, to check thresholds can be reached."""
    total = 0
    for question in definition.get("questions", []):
        if screening_only and not question.get("screening"):
            continue
        weights = [c["weight"] for c in question["choices"] if not c.get("exclusive")]
        if question.get("multiple") and question.get("list_scoring") == "sum":
            total += sum(weights)
        else:
            total += max(weights, default=0)
    return total


def _threshold_errors(thresholds: Any, questions: list) -> list[str]:
    if not isinstance(thresholds, Mapping):
        return ["thresholds: give the lowest score for medium and for high"]
    errors = [
        f"thresholds: {band} must be a whole number above 0"
        for band in (Band.MEDIUM, Band.HIGH)
        if not _is_count(thresholds.get(band), 1)
    ]
    unknown = sorted(set(thresholds) - {"medium", "high"})
    errors += [f"thresholds: unknown band '{name}'" for name in unknown]
    if errors:
        return errors
    if thresholds["medium"] >= thresholds["high"]:
        errors.append("thresholds: medium must be lower than high")
    try:
        reachable = max_score({"questions": questions})
    except (AttributeError, KeyError, TypeError, ValueError):
        return errors  # the question errors already say what is wrong
    if thresholds["high"] > reachable:
        errors.append(
            f"thresholds: high ({thresholds['high']}) is above the maximum score ({reachable})"
        )
    return errors


def _mandatory_high_errors(rules: Any, choices_by_key: dict[str, set[str]]) -> list[str]:
    if not isinstance(rules, list):
        return ["mandatory_high: must be a list of rules"]
    errors: list[str] = []
    for index, rule in enumerate(rules):
        where = f"mandatory_high[{index}]"
        if not isinstance(rule, Mapping):
            errors.append(f"{where}: each rule must be a JSON object")
            continue
        if not isinstance(rule.get("reason"), str) or not rule["reason"].strip():
            errors.append(f"{where}: give the reason shown when the rule applies")
        conditions = rule.get("when")
        if not isinstance(conditions, list) or not conditions:
            errors.append(f"{where}: give at least one condition in 'when'")
            continue
        for condition in conditions:
            if not isinstance(condition, Mapping):
                errors.append(f"{where}: each condition must be a JSON object")
                continue
            key, values = condition.get("question"), condition.get("values")
            if key not in choices_by_key:
                errors.append(f"{where}: unknown question '{key}'")
            elif not isinstance(values, list) or not values:
                errors.append(f"{where}, question '{key}': give at least one value")
            else:
                errors += [
                    f"{where}, question '{key}': unknown value '{value}'"
                    for value in values
                    if value not in choices_by_key[key]
                ]
    return errors


def _cadence_errors(cadence: Any) -> list[str]:
    if not isinstance(cadence, Mapping):
        return ["cadence: give the first contact and review interval for each band"]
    errors = [f"cadence: unknown band '{name}'" for name in sorted(set(cadence) - set(Band))]
    for band in Band:
        entry = cadence.get(band)
        if not isinstance(entry, Mapping):
            errors.append(f"cadence: missing for band '{band}'")
            continue
        if not _is_count(entry.get("first_contact_working_days")):
            errors.append(f"cadence.{band}: first_contact_working_days must be 0 or more")
        if not _is_count(entry.get("review_days"), 1):
            errors.append(f"cadence.{band}: review_days must be 1 or more")
    return errors


# ---------------------------------------------------------------------------------------------
# Scoring


class AnswersInvalid(ValueError):
    """Answers that cannot be scored; errors maps each question key to a caseworker message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{key}: {message}" for key, message in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Assessment:
    """The outcome of scoring one set of answers against one questionnaire version."""

    version: int | str
    score: int
    band: Band
    computed_band: Band  # from the score alone, before mandatory-high rules
    forced_high_reasons: list[str] = field(default_factory=list)
    refer_to_victim_support: bool = False
    vulnerable: bool = False
    vulnerability_reasons: list[str] = field(default_factory=list)
    screening_only: bool = False
    answers: dict[str, str | list[str]] = field(default_factory=dict)  # cleaned, to store

    @property
    def band_reasons(self) -> list[str]:
        return self.forced_high_reasons


def score_answers(definition: Mapping[str, Any], answers: Mapping[str, Any]) -> Assessment:
    """Score a full assessment: every question must be answered with one of its choices."""
    return _score(definition, answers, screening_only=False)


def score_screening(definition: Mapping[str, Any], answers: Mapping[str, Any]) -> Assessment:
    """Score the screening questions asked at first contact; the band is provisional.

    Only screening questions are required; other answers given are checked and ignored. Mandatory-
    high rules apply when all their questions are screening questions.
    """
    return _score(definition, answers, screening_only=True)


def _score(
    definition: Mapping[str, Any], answers: Mapping[str, Any], *, screening_only: bool
) -> Assessment:
    if not isinstance(answers, Mapping):
        raise AnswersInvalid({"answers": ANSWERS_NOT_AN_OBJECT})
    questions = {q["key"]: q for q in definition["questions"]}
    errors = {
        key: ANSWER_UNKNOWN_QUESTION.format(version=definition["version"])
        for key in answers
        if key not in questions
    }
    asked = {key: q for key, q in questions.items() if q.get("screening") or not screening_only}
    chosen: dict[str, list[Mapping[str, Any]]] = {}
    for key, question in questions.items():
        if key not in asked and answers.get(key) in (None, "", []):
            continue  # a question not asked at this stage may be left out
        result = _chosen(question, answers.get(key))
        if isinstance(result, str):
            errors[key] = result
        else:
            chosen[key] = result
    if errors:
        raise AnswersInvalid(errors)

    score = 0
    vulnerability_reasons: list[str] = []
    for key, question in asked.items():
        weights = [c["weight"] for c in chosen[key]]
        if question.get("multiple") and question.get("list_scoring") == "sum":
            score += sum(weights)
        else:
            score += max(weights)
        if question.get("vulnerability") and any(w > 0 for w in weights):
            labels = ", ".join(c["label"] for c in chosen[key] if c["weight"] > 0)
            vulnerability_reasons.append(f"{question['text']} {labels}")

    thresholds = definition["thresholds"]
    computed = (
        Band.HIGH
        if score >= thresholds["high"]
        else Band.MEDIUM
        if score >= thresholds["medium"]
        else Band.STANDARD
    )
    given = {key: [c["value"] for c in chosen[key]] for key in asked}
    forced = [
        rule["reason"]
        for rule in definition.get("mandatory_high", [])
        if all(c["question"] in given for c in rule["when"])
        and all(set(given[c["question"]]) & set(c["values"]) for c in rule["when"])
    ]
    referral_above = (definition.get("victim_support_referral") or {}).get("score_above")
    return Assessment(
        version=definition["version"],
        score=score,
        band=Band.HIGH if forced else computed,
        computed_band=computed,
        forced_high_reasons=forced,
        refer_to_victim_support=referral_above is not None and score > referral_above,
        vulnerable=bool(vulnerability_reasons),
        vulnerability_reasons=vulnerability_reasons,
        screening_only=screening_only,
        answers={
            key: values if questions[key].get("multiple") else values[0]
            for key, values in given.items()
        },
    )


def _chosen(question: Mapping[str, Any], answer: Any) -> list[Mapping[str, Any]] | str:
    """The choices an answer picks, or the message saying why it cannot be scored."""
    text = question["text"]
    if answer is None or answer == "" or answer == []:
        return ANSWER_REQUIRED.format(text=text)
    by_value = {c["value"]: c for c in question["choices"]}
    if not question.get("multiple"):
        if not isinstance(answer, str) or answer not in by_value:
            return ANSWER_NOT_A_CHOICE.format(text=text)
        return [by_value[answer]]
    if isinstance(answer, str):
        answer = [answer]  # a single tick from a form that posts one value
    if not isinstance(answer, list) or any(
        not isinstance(v, str) or v not in by_value for v in answer
    ):
        return ANSWER_NOT_A_LIST.format(text=text)
    picked = [by_value[v] for v in dict.fromkeys(answer)]
    exclusive = [c for c in picked if c.get("exclusive")]
    if exclusive and len(picked) > 1:
        return ANSWER_EXCLUSIVE.format(label=exclusive[0]["label"], text=text)
    return picked


# ---------------------------------------------------------------------------------------------
# Professional judgement and deadlines


def raise_band(current: str, requested: str, reason: str) -> Band:
    """Apply a professional-judgement override: only upwards, and only with a recorded reason."""
    try:
        current_band, requested_band = Band(current), Band(requested)
    except ValueError:
        raise ValueError(BAND_UNKNOWN) from None
    if requested_band.rank < current_band.rank:
        raise ValueError(
            BAND_CANNOT_BE_LOWERED.format(current=current_band, requested=requested_band)
        )
    if requested_band == current_band:
        raise ValueError(BAND_ALREADY.format(current=current_band))
    if not reason or not reason.strip():
        raise ValueError(BAND_RAISE_NEEDS_REASON)
    return requested_band


def band_cadence(definition: Mapping[str, Any], band: str) -> dict[str, int]:
    """First-contact working days and review interval for a band; RISK_CADENCE overrides the data.

    RISK_CADENCE, if set, is {"high": {"first_contact_working_days": 3, "review_days": 14}, ...};
    a band or field it leaves out keeps the questionnaire's value.
    """
    band = Band(band)
    cadence = dict(definition["cadence"][band])
    override = (getattr(settings, "RISK_CADENCE", None) or {}).get(band) or {}
    cadence.update({name: override[name] for name in CADENCE_FIELDS if name in override})
    return cadence


def review_deadlines(
    definition: Mapping[str, Any], band: str, assessed_on: date
) -> tuple[date, date]:
    """(first contact due, next review due): working days for contact, calendar days for review."""
    cadence = band_cadence(definition, band)
    return (
        add_working_days(assessed_on, cadence["first_contact_working_days"]),
        assessed_on + timedelta(days=cadence["review_days"]),
    )


# ---------------------------------------------------------------------------------------------
# Repeat thresholds (the counting itself is done in SQL by the cases app)
