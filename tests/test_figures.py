"""Figures as people write them, read into the quantity forms (factsheet.figures)."""

from __future__ import annotations

import pytest

from factsheet.context import format_quantity
from factsheet.figures import read_figure
from factsheet.model import Quantity
from factsheet.words import labels_for


@pytest.mark.parametrize(
    ("written", "form"),
    [
        ("3,057", {"value": 3057}),
        ("3057", {"value": 3057}),
        ("3 057", {"value": 3057}),
        ("3\u202f057", {"value": 3057}),
        ("1,742,000", {"value": 1742000}),
        ("c. 20,000", {"approx": 20000}),
        ("c.20,000", {"approx": 20000}),
        ("ca. 500", {"approx": 500}),
        ("circa 500", {"approx": 500}),
        ("about 500", {"approx": 500}),
        ("~9,372", {"approx": 9372}),
        ("≈ 100", {"approx": 100}),
        ("7,000+", {"at_least": 7000}),
        ("at least 46", {"at_least": 46}),
        ("At least 1,000", {"at_least": 1000}),
        ("5,700–8,000", {"min": 5700, "max": 8000}),
        ("5,700 - 8,000", {"min": 5700, "max": 8000}),
        ("5700 to 8000", {"min": 5700, "max": 8000}),
        ("5,700—8,000", {"min": 5700, "max": 8000}),
    ],
)
def test_each_way_people_write_a_figure_is_read_into_its_form(written, form):
    assert read_figure(written) == form


@pytest.mark.parametrize(
    "written", ["several", "unknown", "2,330 horses", "significant losses", "10 tanks", "+"]
)
def test_text_that_is_not_a_figure_stays_text(written):
    assert read_figure(written) is None
    assert Quantity.model_validate(written).value == written


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("3.057", "write thousands with a comma or a space (3,057), not a point; got '3.057'"),
        ("8,000–5,700", "a range runs from low to high, got '8,000–5,700'; write 5,700–8,000"),
        ("12,00", "expected a figure such as 3,057, c. 20,000, ~9,372, 7,000+, 5,700–8,000"),
        ("1.5", "expected a whole number of zero or more"),
        ("-5", "expected a whole number of zero or more"),
        ("c. 1,2", "expected a figure such as"),
    ],
)
def test_what_looks_like_a_figure_but_is_none_of_the_forms_is_an_error(written, message):
    with pytest.raises(ValueError) as raised:
        read_figure(written)
    assert message in str(raised.value)


def test_a_figure_written_as_text_is_a_number_in_every_form_of_quantity():
    labels = labels_for("fr")
    assert Quantity.model_validate("3,057").value == 3057
    assert format_quantity(Quantity.model_validate("3,057"), "fr", labels) == "3\u202f057"
    noted = Quantity.model_validate({"value": "c. 20,000", "note": "Soviet claim"})
    assert (noted.approx, noted.note) == (20000, "Soviet claim")
    assert Quantity.model_validate("5,700–8,000").interval() == (5700, 8000)


def test_a_decimal_number_in_yaml_is_refused_with_the_way_to_write_thousands():
    with pytest.raises(ValueError, match="write thousands with a comma or a space"):
        Quantity.model_validate(3.057)
