"""Geometry: point-in-area edge cases, rings, simplification, projection, label spots (model/geo.py)."""
import random

import pytest

from wegweiser.model import geo

SQUARE = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0)]
HOLE = [(1.0, 1.0), (1.0, 3.0), (3.0, 3.0), (3.0, 1.0), (1.0, 1.0)]
FAR_SQUARE = [(10.0, 10.0), (12.0, 10.0), (12.0, 12.0), (10.0, 12.0), (10.0, 10.0)]
DONUT_AND_ISLAND = [[SQUARE, HOLE], [FAR_SQUARE]]


# --- geometry ---------------------------------------------------------------------------------

@pytest.mark.parametrize("point, expected", [
    ((0.5, 0.5), True),  # in the ring around the hole
    ((2.0, 2.0), False),  # in the hole
    ((1.0, 2.0), True),  # on the hole's border: still the district's
    ((0.0, 2.0), True),  # on the outer border
    ((4.0, 4.0), True),  # on a corner
    ((11.0, 11.0), True),  # in the second polygon of the MultiPolygon
    ((12.0, 11.0), True),  # on its border
    ((5.0, 2.0), False),  # between the two
    ((-0.0001, 2.0), False),  # just outside
    ((2.0, 4.0001), False),
])
def test_point_in_multipolygon_with_hole(point, expected):
    assert geo.point_in_area(point, DONUT_AND_ISLAND) is expected
    assert geo.PreparedArea(DONUT_AND_ISLAND).contains(point) is expected


def test_prepared_area_agrees_with_the_plain_test_on_a_wiggly_border():
    rnd = random.Random(7)
    ring = [(5 + (3 + rnd.random()) * __import__("math").cos(a / 50 * 6.283),
             5 + (3 + rnd.random()) * __import__("math").sin(a / 50 * 6.283)) for a in range(50)]
    ring.append(ring[0])
    area = [[ring]]
    prepared = geo.PreparedArea(area)
    for _ in range(2000):
        p = (rnd.uniform(0, 10), rnd.uniform(0, 10))
        assert prepared.contains(p) == geo.point_in_area(p, area), p
    for a, b in zip(ring, ring[1:]):  # every vertex and edge midpoint is on the border
        mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        assert prepared.contains(a) and prepared.contains(mid)


def test_ring_closure_and_orientation():
    assert geo.ring_closed(SQUARE)
    assert not geo.ring_closed(SQUARE[:-1])
    assert geo.signed_area(SQUARE) == 16.0
    assert geo.signed_area(HOLE) == -4.0


@pytest.mark.parametrize("rings, expected", [
    ([SQUARE], None),
    ([SQUARE, HOLE], None),
    ([[(0, 0), (0, 0), (4, 0), (4, 4), (4, 4), (0, 4), (0, 0)]], None),  # repeated points are fine
    ([[(0, 0), (4, 4), (4, 0), (0, 4), (0, 0)]], (0, 0, 0, 2)),  # bow tie
    ([[(0, 0), (4, 0), (4, 4), (2, 0), (0, 4), (0, 0)]], (0, 0, 0, 3)),  # a vertex touching an edge
    ([[(0, 0), (4, 0), (6, 0), (4, 4), (0, 4), (0, 0)]], None),  # collinear points on one edge
    ([[(0, 0), (4, 0), (2, 0), (4, 4), (0, 4), (0, 0)]], (0, 0, 0, 1)),  # a spike back along itself
    ([SQUARE, [(1, 1), (5, 1), (5, 3), (1, 3), (1, 1)]], (0, 1, 1, 0)),  # a hole across the border
])
def test_self_intersection(rings, expected):
    found = geo.self_intersection([[tuple(map(float, p)) for p in r] for r in rings])
    assert (found and (found.ring, found.at, found.other_ring, found.other_at)) == (expected or None)


def test_simplify_keeps_the_shape_and_drops_what_cannot_be_seen():
    line = [(0, 0), (1, 0.01), (2, -0.01), (3, 0), (3, 5), (3.02, 6), (3, 7)]
    assert geo.simplify(line, 0.1) == [(0, 0), (3, 0), (3, 7)]
    assert geo.simplify(line, 0.001) == line
    assert geo.simplify(line[:2], 10) == line[:2]


def test_web_mercator():
    x, y = geo.mercator(180, 0)
    assert x == pytest.approx(20037508.34, abs=0.01) and y == pytest.approx(0, abs=1e-6)
    x, y = geo.mercator(7.1, 51.5)  # Gelsenkirchen, checked against EPSG:3857
    assert (x, y) == (pytest.approx(790368.4, abs=0.5), pytest.approx(6710219.1, abs=0.5))


def test_label_point_lies_inside_a_crescent():
    crescent = [(0, 0), (6, 0), (6, 6), (0, 6), (0, 5), (5, 5), (5, 1), (0, 1), (0, 0)]
    p = geo.label_point([[tuple(map(float, q)) for q in crescent]])
    assert geo.point_in_area(p, [[crescent]])
    assert geo.bbox(crescent) == (0, 0, 6, 6)
