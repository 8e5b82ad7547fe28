"""Merge fields are a fixed list filled by plain substitution, never template code."""

from safer.letters import merge


def test_every_field_is_replaced_by_its_plain_value():
    text = "Dear {{ recipient.full_name }}, about {{case.reference}} ({{  today  }})."
    merged = merge.merge(
        text,
        {
            "recipient.full_name": "Robin Example",
            "case.reference": "ASB-2026-000001",
            "today": "3 March 2026",
        },
    )
    assert merged == "Dear Robin Example, about ASB-2026-000001 (3 March 2026)."


def test_a_value_that_looks_like_a_field_is_not_merged_again():
    merged = merge.merge(
        "{{ recipient.full_name }} / {{ officer.email }}",
        {"recipient.full_name": "{{ officer.email }}", "officer.email": "sam@example.org"},
    )
    assert merged == "{{ officer.email }} / sam@example.org"


def test_template_code_is_left_as_text():
    text = "{% now 'Y' %} {{ recipient.full_name|upper }}"
    assert merge.problems(text, "The text") == [
        "The text uses {{ recipient.full_name|upper }}, which is not a merge field: "
        "use one from the list"
    ]
    assert merge.merge("{% debug %} {% now 'Y' %}", {}) == "{% debug %} {% now 'Y' %}"


def test_an_unknown_field_is_named():
    assert merge.problems("Dear {{ recipient.name }}", "The text") == [
        "The text uses {{ recipient.name }}, which is not a merge field: use one from the list"
    ]


def test_several_unknown_fields_are_all_named():
    (problem,) = merge.problems("{{ settings.SECRET_KEY }} {{ case.secret }}", "The heading")
    assert "{{ settings.SECRET_KEY }}, {{ case.secret }}" in problem


def test_an_unclosed_field_is_refused():
    assert merge.problems("Dear {{ recipient.full_name", "The text") == [
        merge.UNCLOSED_FIELD.format(where="The text")
    ]


def test_known_fields_pass():
    text = " ".join(f"{{{{ {field.name} }}}}" for field in merge.MERGE_FIELDS)
    assert merge.problems(text, "The text") == []


def test_addresses_are_one_part_a_line_with_the_postcode():
    assert merge.address_lines("1 Imaginary Road, Banbury", "ox16 1zz") == (
        "1 Imaginary Road\nBanbury\nOX16 1ZZ"
    )


def test_paragraphs_split_at_blank_lines_and_keep_line_breaks():
    assert merge.paragraphs("One\ntwo\n\n \nThree\r\n") == [["One", "two"], ["Three"]]
