"""Reads an annual archive (sezu run --product vnp46a4) as a researcher would (xarray with both
engines, netCDF4) and asserts that its rows are years: dates on 1 January, `period_unit` =
"year", a year selected by its number. Any failed assertion exits non-zero with the reason.

    read_annual_archive.py ARCHIVE ZONE YEARS SUMS
    (YEARS and SUMS comma-separated: 2014,2015,2016 and the zone's sum_of_lights per year)
"""
import sys
import warnings

warnings.simplefilter("error")  # a decoding warning is a defect of the file

import netCDF4
import numpy as np
import xarray as xr

archive, zone = sys.argv[1:3]
years = [int(y) for y in sys.argv[3].split(",")]
sums = np.array([float(v) for v in sys.argv[4].split(",")])
days = np.array(["%04d-01-01" % y for y in years], dtype="datetime64[ns]")


def same(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.all((a == b) | (np.isnan(a) & np.isnan(b))))


for engine in ("netcdf4", "h5netcdf"):
    ds = xr.open_dataset(archive, engine=engine)
    assert ds.attrs["period_unit"] == "year", (engine, ds.attrs)
    assert ds.attrs["product_name"] == "vnp46a4", (engine, ds.attrs)
    assert ds["month"].attrs["period_unit"] == "year", (engine, ds["month"].attrs)
    assert ds["month"].attrs["long_name"] == "first day of the year", (engine, ds["month"].attrs)
    assert (ds["month"].values == days).all(), (engine, ds["month"].values)
    assert list(ds["yyyymm"].values) == [y * 100 + 1 for y in years], (engine, ds["yyyymm"])
    series = ds.sum_of_lights.sel(zone=zone)
    assert same(series.values, sums), (engine, series.values, sums)
    # A year by its number: pandas' partial date selection on the time coordinate.
    one = ds.sum_of_lights.sel(zone=zone, month=str(years[1]))
    assert same(one.values, sums[1:2]), (engine, one.values)
    assert list(series.to_series().index.year) == years, (engine, series.to_series().index)
    print("%s: %s sum_of_lights %s" % (engine, zone, list(series.values)))
    ds.close()

nc = netCDF4.Dataset(archive)
assert nc.getncattr("period_unit") == "year"
dates = netCDF4.num2date(nc["month"][:], nc["month"].units, nc["month"].calendar)
assert [d.strftime("%Y-%m-%d") for d in dates] == ["%04d-01-01" % y for y in years], dates
nc.close()
print("ok")
