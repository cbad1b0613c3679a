#!/usr/bin/python3
"""Checks a cross-validation folder's folds.json against scikit-learn: for each dataset, its patients in the order
the note says were given to scikit-learn (checked to be the ordinal order of folds.json's patient list),
RepeatedKFold(n_splits, n_repeats, random_state=seed) over them, fold i of every dataset pooled; then a diff per fold.
Usage: /usr/bin/python3 tests/Original/Fixtures/compare_folds.py RUN/pneumonia/default/001/folds.json   (exit 1 on a difference)"""
import json, re, sys
import numpy as np
from sklearn.model_selection import RepeatedKFold

record = json.load(open(sys.argv[1]))
by_dataset = {}
for p in record["patients"]:
    dataset, patient = p["key"].split(":", 1)
    by_dataset.setdefault(dataset, []).append(patient)
stated = dict(re.findall(r"(\w+): patients in the order given to scikit-learn: ([^;]+)", record["note"]))
expected = [set() for _ in range(record["folds"] * record["repeats"])]
for dataset, patients in sorted(by_dataset.items()):
    order = sorted(patients)  # ordinal order, as the plan states
    assert stated[dataset].split() == order, f"{dataset}: the note's order differs from folds.json's patients"
    rkf = RepeatedKFold(n_splits=record["folds"], n_repeats=record["repeats"], random_state=record["seed"])
    for i, (_, test) in enumerate(rkf.split(np.arange(len(order)))):
        expected[i] |= {f"{dataset}:{order[k]}" for k in test}
differ = 0
for f in sorted(record["fold_list"], key=lambda f: f["index"]):
    got = {p["key"] for p in f["validation"]}
    same = got == expected[f["index"]]
    differ += not same
    print(f"fold {f['index']:2d} (repeat {f['repeat']}, fold {f['fold']}): {len(got):3d} patients, "
          + ("equal to scikit-learn's" if same else f"DIFFERS: only here {sorted(got - expected[f['index']])}, only sklearn {sorted(expected[f['index']] - got)}"))
print(f"{len(record['fold_list']) - differ} of {len(record['fold_list'])} folds equal to scikit-learn {__import__('sklearn').__version__}'s RepeatedKFold "
      f"({', '.join(f'{d}: {len(p)} patients' for d, p in sorted(by_dataset.items()))})")
sys.exit(1 if differ else 0)
