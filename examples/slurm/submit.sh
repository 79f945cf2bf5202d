#!/bin/bash
# Submits sample.sbatch as a job array of SHARDS shards (default 4), then merge.sbatch, which runs
# only once every shard has succeeded (and is cancelled if one fails). Options after submit.sh go
# to both sbatch calls, e.g.  SHARDS=16 ./submit.sh --partition=compute --time=02:00:00
# The job and paths come from the environment (NNQFT, NNQFT_JOB, OUTDIR: see sample.sbatch);
# sbatch passes the environment on to the jobs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export SHARDS=${SHARDS:-4}
shards=$SHARDS
# --parsable prints "jobid" or "jobid;cluster"
array=$(sbatch --parsable --array="1-$shards" "$@" "$here/sample.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes "$@" "$here/merge.sbatch")
merge=${merge%%;*}
echo "submitted: shards job $array (array 1-$shards), merge job $merge"
