# Reads an archive with R's ncdf4 and prints what the C++ test (test_readers.cpp) compares with
# the archive: the zone ids and one zone's sum_of_lights series. R's arrays are column-major, so
# ncdf4 (like hdf5r) shows the month x zone tables as zone x month.
#   Rscript read_archive.R ARCHIVE ZONE_ID
args <- commandArgs(trailingOnly = TRUE)
library(ncdf4)
nc <- nc_open(args[1])
zone <- ncvar_get(nc, "zone")
sol <- ncvar_get(nc, "sum_of_lights")
stopifnot(identical(dim(sol), c(length(zone), nc$dim$month$len)))
cat("zones:", paste(zone, collapse = ","), "\n")
cat("dims:", paste(sapply(nc$var$sum_of_lights$dim, function(d) d$name), collapse = ","), "\n")
cat("sum_of_lights:", sprintf("%.17g", sol[which(zone == args[2]), ]), "\n")
nc_close(nc)
