"""Reading boundaries (GeoJSON, LSOAs), point in polygon with holes, and the centre."""

import json

import pytest

from safer.intel import areas
from safer.neighbourhoods import geometry
from safer.neighbourhoods.geometry import GeometryError
from safer.neighbourhoods.tests.factories import BANBURY_LSOAS

# [lng, lat] as GeoJSON gives them: a square around Banbury Cross with a square hole.
OUTER = [[-1.35, 52.05], [-1.33, 52.05], [-1.33, 52.07], [-1.35, 52.07], [-1.35, 52.05]]
HOLE = [[-1.345, 52.055], [-1.345, 52.065], [-1.335, 52.065], [-1.335, 52.055], [-1.345, 52.055]]


def _read(obj) -> list:
    return geometry.boundary_from_geojson(json.dumps(obj).encode())


def test_a_polygon_is_stored_latitude_first():
    boundary = _read({"type": "Polygon", "coordinates": [OUTER]})
    assert boundary == [[[[lat, lng] for lng, lat in OUTER]]]


@pytest.mark.parametrize(
    "wrapped",
    [
        {"type": "MultiPolygon", "coordinates": [[OUTER, HOLE]]},
        {
            "type": "Feature",
            "properties": {},
            "geometry": {"type": "Polygon", "coordinates": [OUTER, HOLE]},
        },
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {},
                    "geometry": {"type": "Polygon", "coordinates": [OUTER, HOLE]},
                }
            ],
        },
    ],
)
def test_each_kind_of_geojson_gives_the_same_boundary(wrapped):
    assert _read(wrapped) == [[[[lat, lng] for lng, lat in ring] for ring in (OUTER, HOLE)]]


@pytest.mark.parametrize(
    "obj, message",
    [
        (
            {"type": "Polygon", "coordinates": [OUTER, [*HOLE[:-1], [-1.3, 52.0]]]},
            "Ring 2 of polygon 1 is not closed",
        ),
        (
            {"type": "MultiPolygon", "coordinates": [[OUTER], [OUTER[:3]]]},
            "Ring 1 of polygon 2 has 3 points; a ring needs at least 4",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [[[52.05, -1.35], [52.05, -1.33], [-1.33, 95.07], [52.05, -1.35]]],
            },
            "Point 3 of ring 1 of polygon 1 is outside the world",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [[[-1.35, 52.05], ["x", 52.05], [-1.33, 52.07], [-1.35, 52.05]]],
            },
            "Point 2 of ring 1 of polygon 1 is not a [longitude, latitude] pair",
        ),
        ({"type": "Point", "coordinates": [-1.3, 52.0]}, "The file holds a Point"),
        (
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "geometry": {"type": "LineString", "coordinates": []}}
                ],
            },
            "Feature 1: the geometry is a LineString",
        ),
        ({"type": "FeatureCollection", "features": []}, "The FeatureCollection has no features"),
        ([1, 2], "The file is not GeoJSON"),
    ],
)
def test_what_is_wrong_is_named(obj, message):
    with pytest.raises(GeometryError) as raised:
        _read(obj)
    assert str(raised.value).startswith(message)


def test_not_json_says_where():
    with pytest.raises(GeometryError, match="line 2 column"):
        geometry.boundary_from_geojson(b'{"type":\n "Polygon", }')


def test_point_in_polygon_respects_holes():
    boundary = _read({"type": "Polygon", "coordinates": [OUTER, HOLE]})
    assert geometry.contains(boundary, 52.052, -1.348)  # inside, outside the hole
    assert not geometry.contains(boundary, 52.06, -1.34)  # in the hole
    assert not geometry.contains(boundary, 52.2, -1.34)  # outside


def test_centre_is_inside_even_for_a_shape_with_a_hole_at_its_middle():
    boundary = _read({"type": "Polygon", "coordinates": [OUTER, HOLE]})
    lat, lng = geometry.centre(boundary)
    assert geometry.contains(boundary, lat, lng)
    assert 52.05 < lat < 52.07


def test_lsoas_dissolve_into_one_outline_holding_each_lsoa():
    boundary = geometry.boundary_from_lsoas(BANBURY_LSOAS)
    assert len(boundary) == 1  # four adjacent LSOAs make one polygon
    for code in BANBURY_LSOAS:
        own = geometry.boundary_from_object(areas.outlines()[code]["geometry"])
        lat, lng = geometry.centre(own)
        assert geometry.contains(boundary, lat, lng)
    lat, lng = geometry.centre(boundary)
    assert geometry.contains(boundary, lat, lng)


def test_unknown_lsoas_are_named():
    with pytest.raises(GeometryError, match="No outline is held for E01999999, W01000001"):
        geometry.boundary_from_lsoas(["E01028445", "E01999999", "W01000001"])


def test_outline_points_and_geojson_round_trip():
    boundary = _read({"type": "Polygon", "coordinates": [OUTER, HOLE]})
    assert geometry.outline_points(boundary)[0] == (52.05, -1.35)
    assert len(geometry.outline_points(boundary)) == len(OUTER)
    assert geometry.as_geojson(boundary)["coordinates"] == [[OUTER, HOLE]]


def _area(boundary) -> float:
    return sum(
        abs(geometry._signed_area(p[0][:-1]))
        - sum(abs(geometry._signed_area(h[:-1])) for h in p[1:])
        for p in boundary
    )


def test_dissolving_keeps_the_area_of_the_lsoas():
    parts = sum(
        _area(geometry.boundary_from_object(areas.outlines()[code]["geometry"]))
        for code in BANBURY_LSOAS
    )
    assert _area(geometry.boundary_from_lsoas(BANBURY_LSOAS)) == pytest.approx(parts, rel=1e-9)
