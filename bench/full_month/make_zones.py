#!/usr/bin/env python3
"""Writes N random city-sized zones (squares of 2-20 km, some concave L shapes) over the
inhabited latitudes, and optionally C country-sized ones (2-12 degrees across, with a jagged
2,000-vertex outline, as real borders and coasts have), as GeoJSON: the zones file of the
benchmarks.
    make_zones.py N OUT [C] [LON0 LON1 LAT0 LAT1]   (city centres inside that box; default the
                                                  inhabited latitudes of the whole globe)"""
import json, math, random, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
out = sys.argv[2] if len(sys.argv) > 2 else "zones.geojson"
countries = int(sys.argv[3]) if len(sys.argv) > 3 else 0
lon0, lon1, lat0, lat1 = (float(v) for v in sys.argv[4:8]) if len(sys.argv) > 7 else (-170, 170, -55, 70)
rng = random.Random(20261125)
features = []
for i in range(n):
    lon = rng.uniform(lon0, lon1)
    lat = rng.uniform(lat0, lat1)
    half = rng.uniform(1, 10) / 111.0  # 2-20 km across
    w = half / max(0.2, math.cos(math.radians(lat)))
    if i % 5 == 0:  # an L shape: concave, exercises partial cells
        ring = [[lon - w, lat - half], [lon + w, lat - half], [lon + w, lat],
                [lon, lat], [lon, lat + half], [lon - w, lat + half], [lon - w, lat - half]]
    else:
        ring = [[lon - w, lat - half], [lon + w, lat - half], [lon + w, lat + half],
                [lon - w, lat + half], [lon - w, lat - half]]
    features.append({"type": "Feature", "properties": {"zone_id": "z%04d" % i},
                     "geometry": {"type": "Polygon", "coordinates": [ring]}})
for i in range(countries):
    lon = rng.uniform(-165, 165)
    lat = rng.uniform(-50, 60)
    radius = rng.uniform(1, 6)
    ring = []
    wobble = 0.0
    for k in range(2000):
        a = 2 * math.pi * k / 2000
        wobble = max(-0.25, min(0.25, wobble + rng.uniform(-0.03, 0.03)))  # a jagged border
        r = radius * (0.7 + 0.3 * math.sin(5 * a + i) + wobble)
        ring.append([lon + r * math.cos(a) / max(0.3, math.cos(math.radians(lat))),
                     lat + r * math.sin(a)])
    ring.append(ring[0])
    features.append({"type": "Feature", "properties": {"zone_id": "c%03d" % i},
                     "geometry": {"type": "Polygon", "coordinates": [ring]}})
json.dump({"type": "FeatureCollection", "features": features}, open(out, "w"))
