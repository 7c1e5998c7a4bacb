#!/usr/bin/env bash
# Train one NLU pipeline and test it on the held-out set: bench/nlu_quick.sh NAME
set -euo pipefail
cd "$(dirname "$0")/.."
name="$1"; out="bench/out/$name"; mkdir -p "$out"
export PYTHONPATH="$PWD" TF_CPP_MIN_LOG_LEVEL=2
start=$(date +%s)
.venv/bin/rasa train nlu -c "bench/pipelines/$name.yml" --nlu data/nlu --out "$out" --fixed-model-name nlu >"$out/train.log" 2>&1
echo "$name train_seconds $(( $(date +%s) - start ))" | tee "$out/train_seconds.txt"
.venv/bin/rasa test nlu --nlu tests/nlu/heldout.yml -m "$out/nlu.tar.gz" --out "$out/heldout" >"$out/test.log" 2>&1
python3 -c "
import json,sys; r=json.load(open('$out/heldout/intent_report.json'))
print('$name accuracy', round(r['accuracy'],4), 'macroF1', round(r['macro avg']['f1-score'],4), 'oos_recall', round(r.get('out_of_scope',{}).get('recall',0),3))"
