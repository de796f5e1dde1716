#!/usr/bin/env bash
# A real Slurm on this machine: installs slurm-wlm and munge when missing, writes a single-node
# configuration (this host, its CPUs, overcommitted to 4), starts munged (unless one runs),
# slurmctld and slurmd, submits `sbatch slurm/sezu.sh` on the built-in mirror, waits for the job,
# checks its exit state and that its archive equals a direct `mpirun` run, and stops the daemons
# it started, by their pids.
#   tests/slurm/slurm_job_test.sh BUILD_DIR
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD="${1:-$ROOT/build}"
SEZU="$BUILD/src/sezu"
source "$ROOT/scripts/env.sh"
"$ROOT/scripts/install-deps.sh" slurmd slurmctld slurm-client munge >/dev/null

WORK="$(mktemp -d /tmp/sezu-slurm-XXXXXX)"
started_pids=()
cleanup() {
  for pid in "${started_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${started_pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "slurm test: FAILED: $*" >&2; for f in "$WORK"/*.log "$WORK"/job.*; do [ -f "$f" ] && { echo "--- $f"; tail -20 "$f"; }; done >&2; exit 1; }

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- munge: reuse a running munged, else start our own on a private socket ---
MUNGE_SOCKET=/run/munge/munge.socket.2
if ! pgrep -x munged >/dev/null; then
  MUNGE_SOCKET="$WORK/munge.socket"
  [ -s /etc/munge/munge.key ] || { mkdir -p /etc/munge; dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null; chmod 400 /etc/munge/munge.key; }
  munged --force --socket="$MUNGE_SOCKET" --pid-file="$WORK/munged.pid" \
         --log-file="$WORK/munged.log" --seed-file="$WORK/munged.seed" --key-file=/etc/munge/munge.key
  for _ in $(seq 50); do [ -s "$WORK/munged.pid" ] && break; sleep 0.1; done
  started_pids+=("$(cat "$WORK/munged.pid")")
fi

# --- a single-node cluster: this host ---
HOST="$(hostname -s)"
mkdir -p "$WORK/state" "$WORK/spool"
cat > "$WORK/slurm.conf" <<CONF
ClusterName=sezutest
SlurmctldHost=$HOST
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCKET
CredType=cred/munge
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
MpiDefault=none
ReturnToService=2
SchedulerType=sched/builtin
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
MinJobAge=600
NodeName=$HOST CPUs=4 RealMemory=4000 State=UNKNOWN
PartitionName=test Nodes=$HOST Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF
export SLURM_CONF="$WORK/slurm.conf"
slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start"
for _ in $(seq 50); do [ -s "$WORK/slurmctld.pid" ] && break; sleep 0.1; done
started_pids+=("$(cat "$WORK/slurmctld.pid")")
slurmd -f "$SLURM_CONF" || fail "slurmd did not start"
for _ in $(seq 50); do [ -s "$WORK/slurmd.pid" ] && break; sleep 0.1; done
started_pids+=("$(cat "$WORK/slurmd.pid")")
for _ in $(seq 100); do
  sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed)' && break
  sleep 0.2
done
sinfo -h -o %T | grep -qE '^(idle|mixed)' || fail "the node did not become idle: $(sinfo 2>&1)"

# --- the job: 3 months of the built-in mirror ---
"$SEZU" mirror -q --out "$WORK/mirror" --span-start 201708 --span-end 201710 --scale 60
cat > "$WORK/job.json" <<JSON
{"options": {"spanUnit": "month", "spanStart": "201708", "spanEnd": "201710"},
 "source": "mirror/{YYYY}/{YYYYMM}/{cfg}/", "zones": "$ROOT/inputs/sez_zones.geojson",
 "idField": "zone_id", "cacheDir": "cache", "output": "slurm.h5"}
JSON
set +e
(cd "$ROOT" && SEZU_BIN="$SEZU" SEZU_ARGS=-v sbatch --wait --ntasks=2 -o "$WORK/job.out" -e "$WORK/job.err" \
   slurm/sezu.sh "$WORK/job.json") > "$WORK/sbatch.log" 2>&1
code=$?
set -e
[ "$code" -eq 0 ] || fail "sbatch --wait exited with $code"
JOBID=$(grep -oE '[0-9]+' "$WORK/sbatch.log" | head -1)
STATE=$(scontrol show job "$JOBID" | grep -oE 'JobState=[A-Z]+' | cut -d= -f2)
EXIT=$(scontrol show job "$JOBID" | grep -oE ' ExitCode=[0-9]+:[0-9]+' | cut -d= -f2)
[ "$STATE" = COMPLETED ] || fail "job $JOBID ended $STATE"
[ "$EXIT" = "0:0" ] || fail "job $JOBID exit code $EXIT"
grep -q '\[rank 1/2\]' "$WORK/job.err" || fail "the job did not run 2 ranks (-v shows each rank's months)"
grep -q 'run: 3/3 months done' "$WORK/job.err" || fail "no overall progress line in the batch log"
echo "slurm test: job $JOBID $STATE, exit $EXIT; launcher: $(grep -m1 'sezu.sh:' "$WORK/job.out")"

# --- the same job with mpirun directly; the archives must hold the same numbers ---
(cd "$WORK" && sed 's/slurm.h5/direct.h5/' job.json > direct.json && mpirun -n 2 "$SEZU" run -q -c direct.json)
/usr/bin/python3 - "$WORK/slurm.h5" "$WORK/direct.h5" <<'PY' || fail "archives differ"
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
names = [k for k in a.keys() if isinstance(a[k], h5py.Dataset) and a[k].dtype.kind == "f"]
assert "sum_of_lights" in names and len(names) >= 10, names
names.append("chips/radiance")  # the zones' chips (a group of their own) alike too
for k in names:
    assert np.array_equal(a[k][()], b[k][()], equal_nan=True), k
assert list(a["status"][()]) == [0, 0, 0], a["status"][()]
print("slurm test: %d statistics identical to the direct mpirun run" % len(names))
PY
echo "slurm test: passed"
