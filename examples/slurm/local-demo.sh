#!/usr/bin/env bash
# Proves the Slurm recipe on this machine: sets up a single-node Slurm (munge, slurmctld, slurmd;
# a minimal slurm.conf naming this host with its own CPUs and memory, from `slurmd -C`), submits a
# compare sweep and a plan --grid sweep as array jobs (shard.sbatch), each with its merge job
# (merge.sbatch, --dependency=afterok), and compares the merged bytes — table, JSON, CSV, HTML —
# with the same commands run unsharded. Needs root and the Debian packages:
#
#   apt-get update && apt-get install -y slurm-wlm munge
#   npm ci                              # builds dist/
#   sudo examples/slurm/local-demo.sh   # SHARDS=4 REPS=8 DEMO_DIR=/tmp/ecsim-slurm-demo by default
#
# Everything Slurm writes (config, state, spool, logs, shard files) stays under DEMO_DIR; the
# daemons it started are stopped at the end, by the process ids they wrote (KEEP=1 leaves them).
# It takes a few minutes and is not part of `npm test`.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
DEMO_DIR=${DEMO_DIR:-/tmp/ecsim-slurm-demo}
SHARDS=${SHARDS:-4}
REPS=${REPS:-8}
export ECSIM="node $REPO/dist/cli/main.js"
SCENARIO=$REPO/scenarios/strategies/three-zones.yaml
COMPARE=(compare "$SCENARIO" -n "$REPS" --strategies "random,binpack:memory,spread:zone" --duration 2h)
PLAN=(plan "$SCENARIO" --group zones/0 --target 'placementRate>=0.999' -n 3 --grid 3..12 --duration 2h --price m4.large=0.10)

say() { printf '== %s\n' "$*"; }
[ "$(id -u)" = 0 ] || { echo "run as root (munged and slurmd need it)" >&2; exit 2; }
for b in munged slurmctld slurmd sbatch sinfo scontrol; do command -v "$b" >/dev/null || { echo "$b not found: apt-get install -y slurm-wlm munge" >&2; exit 2; }; done
[ -f "$REPO/dist/cli/main.js" ] || { echo "no dist/: run npm ci in $REPO first" >&2; exit 2; }

rm -rf "$DEMO_DIR"
mkdir -p "$DEMO_DIR"/{state,spool,log,munge,unsharded}
chown munge:munge "$DEMO_DIR/munge"
HOST=$(hostname -s)
NODE=$(slurmd -C | head -n 1) # NodeName=<host> CPUs=… RealMemory=…: this machine as Slurm sees it
CPUS=$(sed -E 's/.* CPUs=([0-9]+).*/\1/' <<<"$NODE")

say "munge: key $(stat -c '%U %a' /etc/munge/munge.key) /etc/munge/munge.key"
[ -s /etc/munge/munge.key ] || { runuser -u munge -- mungekey --create 2>/dev/null || dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none; chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key; }
runuser -u munge -- munged --socket="$DEMO_DIR/munge/munge.socket" --pid-file="$DEMO_DIR/munge/munged.pid" --log-file="$DEMO_DIR/munge/munged.log" --seed-file="$DEMO_DIR/munge/seed"
munge --socket="$DEMO_DIR/munge/munge.socket" -n | unmunge --socket="$DEMO_DIR/munge/munge.socket" | grep -E '^STATUS'

export SLURM_CONF=$DEMO_DIR/slurm.conf
cat >"$SLURM_CONF" <<EOF
# single-node Slurm for the ecsim demo
ClusterName=ecsim-demo
SlurmctldHost=$HOST
SlurmUser=root
SlurmctldPort=6917
SlurmdPort=6918
AuthType=auth/munge
AuthInfo=socket=$DEMO_DIR/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$DEMO_DIR/state
SlurmdSpoolDir=$DEMO_DIR/spool
SlurmctldPidFile=$DEMO_DIR/slurmctld.pid
SlurmdPidFile=$DEMO_DIR/slurmd.pid
SlurmctldLogFile=$DEMO_DIR/log/slurmctld.log
SlurmdLogFile=$DEMO_DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
$NODE State=UNKNOWN
PartitionName=demo Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
say "slurm.conf: $NODE"
slurmctld
slurmd
cleanup() {
  [ "${KEEP:-0}" = 1 ] && { say "KEEP=1: daemons left running (SLURM_CONF=$SLURM_CONF)"; return; }
  for pidfile in "$DEMO_DIR/slurmd.pid" "$DEMO_DIR/slurmctld.pid" "$DEMO_DIR/munge/munged.pid"; do
    [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
}
trap cleanup EXIT
for _ in $(seq 60); do [ "$(sinfo -h -o %t 2>/dev/null)" = idle ] && break; sleep 1; done
sinfo

# one sweep: an array of SHARDS tasks, then its merge after all of them succeed
sweep() {
  local name=$1; shift
  export RESULTS=$DEMO_DIR/$name
  mkdir -p "$RESULTS"
  cd "$RESULTS"
  local array merge
  array=$(sbatch --parsable --array=0-$((SHARDS - 1)) --cpus-per-task=1 "$REPO/examples/slurm/shard.sbatch" "$@")
  merge=$(sbatch --parsable --dependency=afterok:"$array" "$REPO/examples/slurm/merge.sbatch")
  say "$name: array job $array ($SHARDS tasks), merge job $merge (afterok:$array)"
  squeue -o '%.10i %.14j %.8T %.20E' | sed 's/^/   /'
  for _ in $(seq 900); do
    state=$(scontrol show job "$merge" 2>/dev/null | sed -nE 's/.*JobState=([A-Z_]+).*/\1/p')
    case $state in COMPLETED | FAILED | CANCELLED | TIMEOUT | OUT_OF_MEMORY) break ;; esac
    sleep 1
  done
  say "$name: merge job $merge $state; array tasks:"
  scontrol -o show job "$array" | grep -oE 'ArrayTaskId=[^ ]+|JobState=[^ ]+|ExitCode=[^ ]+' | paste -d' ' - - - | sed 's/^/   /'
  ls -l "$RESULTS"/shard-*.jsonl | awk '{print "   " $5 " bytes  " $9}'
  cd "$REPO"
}

sweep compare "${COMPARE[@]}"
sweep plan "${PLAN[@]}"

say "unsharded runs on this machine (outside Slurm)"
U=$DEMO_DIR/unsharded
$ECSIM "${COMPARE[@]}" -q --report "$U/compare.html" >"$U/compare.txt"
$ECSIM "${COMPARE[@]}" -q --json >"$U/compare.json"
$ECSIM "${COMPARE[@]}" -q --csv >"$U/compare.csv"
$ECSIM "${PLAN[@]}" -q --report "$U/plan.html" >"$U/plan.txt" || true
$ECSIM "${PLAN[@]}" -q --json >"$U/plan.json" || true

status=0
check() {
  if cmp -s "$1" "$2"; then echo "   identical ($(wc -c <"$1") bytes): $1 = $2"; else echo "   DIFFERENT: $1 vs $2"; status=1; fi
}
say "merged through Slurm vs unsharded"
check "$DEMO_DIR/compare/result.txt" "$U/compare.txt"
check "$DEMO_DIR/compare/result.json" "$U/compare.json"
check "$DEMO_DIR/compare/result.csv" "$U/compare.csv"
check "$DEMO_DIR/compare/report.html" "$U/compare.html"
check "$DEMO_DIR/plan/result.txt" "$U/plan.txt"
check "$DEMO_DIR/plan/result.json" "$U/plan.json"
check "$DEMO_DIR/plan/report.html" "$U/plan.html"
say "the merged comparison"
cat "$DEMO_DIR/compare/result.txt"
say "the merged plan"
cat "$DEMO_DIR/plan/result.txt"
[ $status = 0 ] && say "all merged outputs are byte-identical to the unsharded runs" || say "MISMATCH"
exit $status
