"""Reads an archive and its yearly aggregate file as a researcher would (xarray with both
engines, netCDF4, h5py) and asserts what the C++ test derived: test_readers.cpp writes the
expectations as JSON. Any failed assertion exits non-zero with the reason.

    read_archive.py ARCHIVE AGGREGATE EXPECTED.json
"""
import json
import sys
import warnings

warnings.simplefilter("error")  # a decoding warning is a defect of the file

import h5py
import netCDF4
import numpy as np
import xarray as xr

archive, aggregate, expected_path = sys.argv[1:4]
with open(expected_path) as f:
    want = json.load(f)
zone = want["zone"]
months = np.array(want["months"], dtype="datetime64[ns]")


def same(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.all((a == b) | (np.isnan(a) & np.isnan(b))))


for engine in ("netcdf4", "h5netcdf"):
    ds = xr.open_dataset(archive, engine=engine)
    assert ds.attrs["featureType"] == "timeSeries", (engine, ds.attrs)
    assert ds["zone"].attrs["cf_role"] == "timeseries_id", (engine, ds["zone"].attrs)
    assert list(ds["zone"].values) == want["zones"], (engine, ds["zone"].values)
    # Attribute access: no statistic's name is a Dataset method (xarray_names.py checks all).
    series = ds.sel(zone=zone).sum_of_lights
    assert callable(series.plot), engine
    assert series.dims == ("month",), (engine, series.dims)
    assert same(series.values, want["sum_of_lights"]), (engine, series.values, want)
    attrs = ds.sum_of_lights.attrs
    assert attrs["units"] == "nW cm-2 sr-1", (engine, attrs)
    assert attrs["cell_methods"] == "area: sum", (engine, attrs)
    assert "radiance x covered fraction" in attrs["long_name"], (engine, attrs)
    assert ds.radiance_mean.attrs["cell_methods"] == "area: mean", (engine, ds.radiance_mean.attrs)
    assert ds.cell_count.attrs["units"] == "1", (engine, ds.cell_count.attrs)
    # What a plot does: a pandas series indexed by the decoded months.
    s = series.to_series()
    assert (s.index.values == months).all(), (engine, s.index)
    assert same(s.values, want["sum_of_lights"]), (engine, s.values)
    assert ds["zone_name"].sel(zone=zone).item() == want["name"], (engine, ds["zone_name"])
    lat, lon = float(ds["lat"].sel(zone=zone)), float(ds["lon"].sel(zone=zone))
    assert ds["lat"].attrs["units"] == "degrees_north", ds["lat"].attrs
    assert ds["lon"].attrs["units"] == "degrees_east", ds["lon"].attrs
    # lat and lon are coordinates of the tables, so a zone's series carries its place.
    assert float(series["lat"]) == lat and float(series["lon"]) == lon, (engine, series.coords)
    assert ds["zone_geometry"].sel(zone=zone).item() == want["wkt"], engine
    print("%s: %s sum_of_lights %s at lat %.17g lon %.17g"
          % (engine, zone, list(series.values), lat, lon))
    ds.close()

nc = netCDF4.Dataset(archive)
assert nc["sum_of_lights"].dimensions == ("month", "zone"), nc["sum_of_lights"].dimensions
assert list(nc["zone"][:]) == want["zones"], nc["zone"][:]
dates = netCDF4.num2date(nc["month"][:], nc["month"].units, nc["month"].calendar)
assert [d.strftime("%Y-%m-%d") for d in dates] == want["months"], dates
z = want["zones"].index(zone)
assert same(nc["sum_of_lights"][:, z], want["sum_of_lights"]), nc["sum_of_lights"][:, z]
nc.close()

with h5py.File(archive, "r") as f:
    for name in ("zone", "zone_name", "zone_geometry", "status_reason", "tile_file"):
        info = h5py.check_string_dtype(f[name].dtype)
        assert info is not None and info.encoding == "utf-8" and info.length is None, (name, info)
    ids = list(f["zone"].asstr()[:])
    assert ids == want["zones"], ids
    table = f["sum_of_lights"]
    assert table.chunks == tuple(want["chunks"]), table.chunks
    assert table.compression == "gzip" and table.shuffle, (table.compression, table.shuffle)
    assert same(table[:, z], want["sum_of_lights"]), table[:, z]

for engine in ("netcdf4", "h5netcdf"):
    agg = xr.open_dataset(aggregate, engine=engine)
    times = [str(t)[:10] for t in agg["time"].values]
    assert times == want["periods"], (engine, times)
    bounds = [[str(t)[:10] for t in row] for row in agg["time_bnds"].values]
    assert bounds == want["period_bounds"], (engine, bounds)
    assert agg["time"].attrs["bounds"] == "time_bnds" or agg["time"].encoding.get("bounds"), engine
    total = agg.sel(zone=zone).sum_of_lights_total
    assert "time" in total.coords, (engine, total.coords)
    by_date = total.swap_dims(period="time").to_series()  # as docs/analysis.md shows
    assert [str(t)[:10] for t in by_date.index] == want["periods"], (engine, by_date.index)
    print("%s aggregate: %s %s sum_of_lights_total %s"
          % (engine, times, bounds, list(total.values)))
    agg.close()
print("ok")
