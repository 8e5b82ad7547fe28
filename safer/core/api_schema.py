"""What every API schema shares: input refused as the forms refuse it, and the error answers.

Django's form fields refuse text with NUL characters (PostgreSQL cannot store them either);
every API input schema derives from `InputSchema`, so the API refuses them the same way,
naming the field. `errors()` documents an operation's error statuses in its OpenAPI entry.
"""

from datetime import UTC, datetime
from typing import Any

from django.core.validators import ProhibitNullCharactersValidator
from ninja import Schema
from pydantic import BaseModel, Field, field_validator
from pydantic_core import PydanticCustomError

NUL_REFUSED = ProhibitNullCharactersValidator.message
TIME_OUT_OF_RANGE = "Enter a date and time whose offset from UTC a calendar allows"


def _refuse_nul(value: Any) -> None:
    """Look through text, lists and mappings (keys too); nested schemas check themselves."""
    if isinstance(value, str):
        if "\x00" in value:
            raise PydanticCustomError("null_characters", str(NUL_REFUSED))
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key)
            _refuse_nul(item)
    elif isinstance(value, list | tuple | set) and not isinstance(value, BaseModel):
        for item in value:
            _refuse_nul(item)


def _in_utc(value: Any) -> Any:
    """A time with an offset, as the same instant in UTC: the database keeps UTC, and an offset
    Python accepts (up to 24 hours) may be one PostgreSQL refuses (over 15:59)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        try:
            return value.astimezone(UTC)
        except OverflowError:
            raise PydanticCustomError("datetime_out_of_range", TIME_OUT_OF_RANGE) from None
    return value


class InputSchema(Schema):
    """The base of every API input (body or query): no NUL characters in any text, and times
    with an offset taken as the same instant in UTC."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_null_characters(cls, value: Any) -> Any:
        _refuse_nul(value)
        return _in_utc(value)


def _no_default(schema: dict) -> None:
    schema.pop("default", None)


def optional(**constraints: Any) -> Any:
    """A field a partial update may leave out (unchanged) but, when sent, may not be null: so a
    required field of the record cannot be blanked with null."""
    return Field(None, json_schema_extra=_no_default, **constraints)


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]


ERROR_SCHEMAS: dict[int, type[Schema]] = {
    400: ErrorOut,  # the body is not JSON
    401: ErrorOut,  # no valid session or bearer token
    403: ErrorOut,  # the caller's role or organisation does not allow it
    404: ErrorOut,  # no such record the caller can see
    409: ErrorOut,  # saved by someone else since it was read
    413: ErrorOut,  # the body is over the size limit
    422: ValidationErrorOut,  # invalid input, each problem named by its location
    429: ErrorOut,  # too many requests of this kind: wait the Retry-After header's seconds
}


def errors(*codes: int) -> dict[int, type[Schema]]:
    """The error answers one operation can give, for its `response=` declaration; 401 always,
    since every operation needs a session or a token."""
    return {code: ERROR_SCHEMAS[code] for code in sorted({401, *codes})}
