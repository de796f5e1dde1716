#!/usr/bin/env python3
"""Writes the zones of the issue-21 case as GeoJSON: country-sized zones with the extents of
real large countries (Russia across the antimeridian and over 150 degrees of longitude, Canada,
the USA, China, Brazil, Australia, ...) and further random ones up to C in all, each with a
jagged outline of 2,000-6,000 vertices, plus D district-sized zones (20-100 km across, 12-40
vertices) over the same latitudes. Synthetic shapes, real extents: what matters for memory is
the size of each zone's box and the length of its border.
    make_world_zones.py OUT [C] [D]     defaults: C=200, D=50000"""
import json, math, random, sys

out = sys.argv[1]
n_countries = int(sys.argv[2]) if len(sys.argv) > 2 else 200
n_districts = int(sys.argv[3]) if len(sys.argv) > 3 else 50000
rng = random.Random(20261205)
# (name, west, east, south, north): approximate extents of real countries, inside 65S..75N
# (the EOG grid); Russia's east end is past 180 (191 = 169W), split into two parts below.
LARGE = [("russia", 27, 191, 41, 74.9), ("canada", -141, -52, 42, 74.9),
         ("usa", -125, -67, 25, 49), ("china", 73, 135, 18, 53), ("brazil", -74, -35, -33, 5),
         ("australia", 113, 154, -43, -11), ("india", 68, 97, 8, 35),
         ("kazakhstan", 46, 87, 40, 55), ("argentina", -73, -54, -55, -22),
         ("algeria", -9, 12, 19, 37), ("drc", 12, 31, -13, 5), ("indonesia", 95, 141, -11, 6)]


def jagged_ring(west, east, south, north, vertices, seed):
    """An outline filling most of the box, with a random-walk border (coasts, rivers)."""
    cx, cy = (west + east) / 2, (south + north) / 2
    rx, ry = (east - west) / 2, (north - south) / 2
    wobble, ring = 0.0, []
    for k in range(vertices):
        a = 2 * math.pi * k / vertices
        wobble = max(-0.12, min(0.12, wobble + rng.uniform(-0.01, 0.01)))
        r = 0.88 + 0.1 * math.sin(7 * a + seed) + wobble
        ring.append([cx + rx * r * math.cos(a), cy + ry * r * math.sin(a)])
    ring.append(ring[0])
    return ring


def split_at_antimeridian(ring):
    """The parts of a ring reaching past 180 as a MultiPolygon's parts, clipped at 180 on each
    side (as Natural Earth stores Russia and Fiji), the eastern part moved back by 360."""
    def clip(points, keep_west):
        out = []
        for p, q in zip(points, points[1:] + points[:1]):
            p_in = p[0] <= 180 if keep_west else p[0] >= 180
            q_in = q[0] <= 180 if keep_west else q[0] >= 180
            if p_in:
                out.append(p)
            if p_in != q_in:
                t = (180 - p[0]) / (q[0] - p[0])
                out.append([180.0, p[1] + t * (q[1] - p[1])])
        return out
    pts = ring[:-1]
    west = clip(pts, True)
    east = [[x - 360, y] for x, y in clip(pts, False)]
    return [[west + west[:1]], [east + east[:1]]]


features = []
for i, (name, w, e, s, n) in enumerate(LARGE[:n_countries]):
    ring = jagged_ring(w, e, s, n, 6000, i)
    geom = ({"type": "MultiPolygon", "coordinates": split_at_antimeridian(ring)} if e > 180
            else {"type": "Polygon", "coordinates": [ring]})
    features.append({"type": "Feature", "properties": {"zone_id": "c_" + name}, "geometry": geom})
for i in range(len(features), n_countries):
    width = rng.uniform(1, 12)
    height = rng.uniform(1, 10)
    w = rng.uniform(-175, 175 - width)
    s = rng.uniform(-55, 70 - height)
    ring = jagged_ring(w, w + width, s, s + height, 2000, i)
    features.append({"type": "Feature", "properties": {"zone_id": "c%03d" % i},
                     "geometry": {"type": "Polygon", "coordinates": [ring]}})
for i in range(n_districts):
    lat = rng.uniform(-55, 70)
    lon = rng.uniform(-179, 179)
    half = rng.uniform(10, 50) / 111.0
    w = half / max(0.2, math.cos(math.radians(lat)))
    m = rng.randint(12, 40)
    ring = [[lon + w * (0.7 + 0.3 * rng.random()) * math.cos(2 * math.pi * k / m),
             lat + half * (0.7 + 0.3 * rng.random()) * math.sin(2 * math.pi * k / m)]
            for k in range(m)]
    ring.append(ring[0])
    features.append({"type": "Feature", "properties": {"zone_id": "d%05d" % i},
                     "geometry": {"type": "Polygon", "coordinates": [ring]}})
with open(out, "w") as f:
    json.dump({"type": "FeatureCollection", "features": features}, f)
# What one weight per cell of each zone's box would take at full resolution (15" cells), the
# coverage before runs: printed for the results page.
cells = 0
for feat in features:
    g = feat["geometry"]
    parts = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
    xs = [p[0] for part in parts for p in part[0]]
    ys = [p[1] for part in parts for p in part[0]]
    if max(xs) - min(xs) > 180:  # parts on both sides of the antimeridian: one box across it
        xs = [x + 360 if x < 0 else x for x in xs]
    width = max(xs) - min(xs)
    cells += (width * 240 + 1) * ((max(ys) - min(ys)) * 240 + 1)
print("%d zones; their boxes hold %.0f cells (%.1f GB as 8-byte weights)" %
      (len(features), cells, cells * 8 / 1e9))
