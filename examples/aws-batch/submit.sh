#!/usr/bin/env bash
# Submits an ecsim sweep to AWS Batch: an array job of 8 shards and a merge job that depends on
# the whole array (a dependency on an array job's id waits for every child). Batch sets
# AWS_BATCH_JOB_ARRAY_INDEX in each child but no array size, so the job definition passes
# --shards, which must equal the array size given here. The scenario goes on the EFS volume first
# (/results/scenario.yaml). Usage: QUEUE=my-queue examples/aws-batch/submit.sh run-1
set -euo pipefail
RUN=${1:-run-1}
SHARDS=8
cd "$(dirname "$0")"
aws batch register-job-definition --cli-input-json file://job-definition.json >/dev/null
aws batch register-job-definition --cli-input-json file://merge-job-definition.json >/dev/null
array=$(aws batch submit-job --job-name "ecsim-$RUN" --job-queue "$QUEUE" --job-definition ecsim-shard \
  --array-properties size=$SHARDS --parameters run="$RUN",shards=$SHARDS --query jobId --output text)
merge=$(aws batch submit-job --job-name "ecsim-$RUN-merge" --job-queue "$QUEUE" --job-definition ecsim-merge \
  --depends-on jobId="$array" --parameters run="$RUN" --query jobId --output text)
echo "array job $array ($SHARDS shards), merge job $merge; the comparison will be in its log and in /results/$RUN/"
