"""Drawing the maps (mapdraw.py): shared borders, path data, clipping; no site built."""
import math

from wegweiser.model import geo
from wegweiser.site import mapdraw


def wiggle(n, seed):
    """A border from (1, 0) to (1, 2) with n small bends."""
    import random
    rnd = random.Random(seed)
    return [(1 + (rnd.random() - 0.5) * 0.02 if 0 < i < n else 1.0, 2 * i / n) for i in range(n + 1)]


def test_neighbours_keep_one_common_border_after_simplification():
    border = wiggle(300, 1)
    west = [(0.0, 0.0)] + border + [(0.0, 2.0), (0.0, 0.0)]
    east = [(1.0, 2.0), (2.0, 2.0), (2.0, 0.0)] + border + [(1.0, 2.0)]
    atlas = mapdraw.Atlas({"west": [[west]], "east": [[east]]})
    tolerance = 0.008 * 6378137 * math.pi / 180  # a little less than the wiggles: many points go
    shared = {geo.mercator(*p) for p in border}
    w = atlas.polygons("west", tolerance)[0][0]
    e = atlas.polygons("east", tolerance)[0][0]
    assert 50 < len(w) < 200 and 50 < len(e) < 200
    assert set(w) & shared == set(e) & shared
    # simplified each on its own, the two sides of the border would differ: gaps and overlaps
    alone = [set(geo.simplify([geo.mercator(*p) for p in ring], tolerance)) & shared for ring in (west, east)]
    assert alone[0] != alone[1]


def test_path_data_and_clipping():
    assert mapdraw.path_data([[(0, 0), (10.2, 0), (10, 9.6), (0, 10), (0, 0)]]) == "M0 0l10 0 0 10-10 0z"
    assert mapdraw.path_data([[(0, 0), (0.2, 0.1), (0.3, 0.2)]]) == ""  # collapses to a point at this scale
    square = [(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0), (-5.0, -5.0)]
    assert sorted(mapdraw.clip(square, 0, 0, 10, 10)) == [(0.0, 0.0), (0.0, 5.0), (5.0, 0.0), (5.0, 5.0)]


def test_an_enclave_and_the_hole_around_it_stay_one_border():
    import random
    rnd = random.Random(3)
    n = 120
    island = [(5 + (2 + rnd.random() * 0.1) * math.cos(2 * math.pi * k / n),
               5 + (2 + rnd.random() * 0.1) * math.sin(2 * math.pi * k / n)) for k in range(n)]
    hole = island[37:] + island[:37]  # the same border, started elsewhere and run the other way
    hole = hole[::-1] + hole[-1:]
    outer = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]
    atlas = mapdraw.Atlas({"ring": [[outer, hole]], "enclave": [[island + island[:1]]]})
    tolerance = 0.05 * 6378137 * math.pi / 180
    inner = atlas.polygons("ring", tolerance)[0][1]
    enclave = atlas.polygons("enclave", tolerance)[0][0]
    assert 5 < len(set(enclave)) < n and set(inner) == set(enclave)
