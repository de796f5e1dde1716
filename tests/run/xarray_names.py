"""Asserts that no variable, coordinate or dimension name of the given files (archives and
aggregate files sezu wrote) is an attribute of xarray.Dataset or xarray.DataArray, so that
`ds.NAME` is always the variable (ds.sum would be the method). Opens each file with both engines.
Any failure exits non-zero naming the file and the names.

    xarray_names.py FILE...
"""
import sys
import warnings

warnings.simplefilter("error")  # a decoding warning is a defect of the file

import xarray as xr

taken = set(dir(xr.Dataset)) | set(dir(xr.DataArray))
for path in sys.argv[1:]:
    for engine in ("netcdf4", "h5netcdf"):
        with xr.open_dataset(path, engine=engine) as ds:
            names = set(ds.variables) | set(ds.coords) | set(ds.dims)
            clashes = sorted(n for n in names if n in taken)
            assert not clashes, (path, engine, clashes)
            # Attribute access reaches each data variable itself.
            for name in ds.data_vars:
                assert getattr(ds, name).name == name, (path, engine, name)
            print("%s (%s): %d names, none an xarray attribute" % (path, engine, len(names)))
print("ok")
