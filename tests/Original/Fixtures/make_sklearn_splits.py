#!/usr/bin/python3
"""Writes sklearn_splits.json: numpy's legacy RandomState and scikit-learn's KFold / RepeatedKFold /
train_test_split outputs that NumpyRandomStateTests and SklearnSplitTests compare against.

Run with Debian's python3 (apt-get install -y python3-sklearn), never in CI:
    /usr/bin/python3 tests/Original/Fixtures/make_sklearn_splits.py
The versions used are recorded in the file."""
import json, os
import numpy as np
import sklearn
from sklearn.model_selection import KFold, RepeatedKFold, train_test_split

out = {"numpy": np.__version__, "sklearn": sklearn.__version__}

# Raw generator: first draws after int and array seeding, random_sample, randint, permutation, choice.
rs = []
for seed in [0, 1, 12, 42, 2**32 - 1]:
    r = np.random.RandomState(seed)
    e = {"seed": seed, "uint32": [int(v) for v in r.randint(0, 2**32, size=8, dtype=np.uint64)]}
    r = np.random.RandomState(seed)
    e["random_sample"] = [float(r.random_sample()) for _ in range(5)]
    e["randint_0_10"] = [int(r.randint(0, 10)) for _ in range(10)]
    e["randint_-5_1000003"] = [int(r.randint(-5, 1000003)) for _ in range(10)]
    e["randint_0_2pow40"] = [int(r.randint(0, 2**40)) for _ in range(5)]
    e["permutation_1"] = r.permutation(1).tolist()
    e["permutation_17"] = r.permutation(17).tolist()
    e["permutation_300"] = r.permutation(300).tolist()
    e["choice_10_4"] = r.choice(np.arange(10), size=4, replace=False).tolist()
    rs.append(e)
out["random_state"] = rs
r = np.random.RandomState([1, 2, 3])
out["array_seed"] = {"key": [1, 2, 3], "random_sample": [float(r.random_sample()) for _ in range(5)]}
# Note: randint(0, 2**32, dtype=uint64) draws each 32-bit word directly (range 0xffffffff), the raw MT19937 output.

# RepeatedKFold(n_splits, n_repeats, random_state) test indices, repeat-major, for many sizes.
rkf = []
for n in [5, 6, 7, 10, 11, 13, 20, 37, 78, 100]:
    for seed in [12, 0, 7]:
        folds = [test.tolist() for _, test in RepeatedKFold(n_splits=5, n_repeats=2, random_state=seed).split(np.arange(n))]
        rkf.append({"n": n, "splits": 5, "repeats": 2, "seed": seed, "test": folds})
folds = [test.tolist() for _, test in KFold(n_splits=3, shuffle=True, random_state=5).split(np.arange(10))]
rkf.append({"n": 10, "splits": 3, "repeats": 1, "seed": 5, "test": folds})
out["repeated_kfold"] = rkf

# train_test_split(arange(n), test_size, random_state, stratify=y): returned train and test index orders.
tts = []
cases = [
    ([0] * 7 + [1] * 3, 0.8, 12), ([0] * 75 + [1] * 3, 0.8, 12), ([0] * 40 + [1] * 2, 0.8, 12),
    ([1, 0] * 9, 0.8, 12), ([0] * 5 + [1] * 5 + [2] * 5, 0.8, 3), ([0] * 6 + [1] * 2, 0.25, 12),
    ([0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0], 0.8, 12), ([0] * 11 + [1] * 9 + [2] * 3, 0.3, 99),
    ([0] * 4 + [1] * 4, 0.5, 1), ([0] * 9 + [1] * 2, 0.8, 12),
]
for y, test_size, seed in cases:
    n = len(y)
    tr, te = train_test_split(np.arange(n), test_size=test_size, random_state=seed, stratify=np.array(y))
    tts.append({"y": y, "test_size": test_size, "seed": seed, "stratify": True, "train": tr.tolist(), "test": te.tolist()})
for n, test_size, seed in [(7, 0.8, 12), (20, 0.8, 12), (6, 0.8, 12), (78, 0.2, 5)]:
    tr, te = train_test_split(np.arange(n), test_size=test_size, random_state=seed)
    tts.append({"y": [0] * n, "test_size": test_size, "seed": seed, "stratify": False, "train": tr.tolist(), "test": te.tolist()})
out["train_test_split"] = tts

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sklearn_splits.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", path)
