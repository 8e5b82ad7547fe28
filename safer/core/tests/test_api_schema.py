"""Every API input refuses NUL characters, as the forms do; one base schema does it."""

import typing

import pydantic
import pytest

from config.api import api
from safer.core.api_schema import NUL_REFUSED, InputSchema


class Example(InputSchema):
    name: str = ""
    tags: list[str] = []
    answers: dict[str, str | list[str]] = {}


@pytest.mark.parametrize(
    "data, field",
    [
        ({"name": "a\x00b"}, "name"),
        ({"tags": ["ok", "\x00"]}, "tags"),
        ({"answers": {"key": ["\x00"]}}, "answers"),
        ({"answers": {"k\x00ey": "value"}}, "answers"),
    ],
)
def test_null_characters_are_refused_naming_the_field(data, field):
    with pytest.raises(pydantic.ValidationError) as error:
        Example(**data)
    [problem] = error.value.errors()
    assert (problem["loc"], problem["msg"]) == ((field,), str(NUL_REFUSED))


def test_text_without_null_characters_passes():
    assert Example(name="Robin", tags=["a"], answers={"k": ["v"]}).name == "Robin"


def _models(annotation) -> typing.Iterator[type]:
    """The schema classes an annotation holds, however deeply (lists, unions, optionals)."""
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        yield annotation
        for field in annotation.model_fields.values():
            yield from _models(field.annotation)
    for argument in typing.get_args(annotation):
        yield from _models(argument)


def test_every_api_input_schema_refuses_null_characters():
    """A new endpoint's body or query schema must derive from InputSchema, and no text comes
    in as a bare parameter that would bypass it."""
    unchecked = []
    for _prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for param in operation.signature.params:
                    if param.annotation is str:
                        unchecked.append(f"{path} {param.name}")
                    for model in _models(param.annotation):
                        if not issubclass(model, InputSchema):
                            unchecked.append(f"{path} {model.__name__}")
    assert unchecked == []


def test_times_with_any_offset_are_taken_in_utc():
    """Python allows offsets up to 24 hours; PostgreSQL refuses those over 15:59. The fuzz found
    a report "occurred at" 0389-06-11 09:46-19:46 answering 500."""
    from datetime import UTC, datetime, timedelta, timezone

    class When(InputSchema):
        at: datetime

    odd = datetime(389, 6, 11, 9, 46, tzinfo=timezone(-timedelta(hours=19, minutes=46)))
    assert When(at=odd).at == odd.astimezone(UTC)
    assert When(at=odd).at.utcoffset() == timedelta(0)
    with pytest.raises(pydantic.ValidationError) as error:
        When(at=datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=2))))
    assert error.value.errors()[0]["type"] == "datetime_out_of_range"
