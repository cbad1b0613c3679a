# Fixture for LogisticRegressionTests: scikit-learn's L2 logistic regression on a tiny fixed data set.
# sklearn minimises C·Σ ℓᵢ + ½‖W‖² (intercept unpenalised) = n·C·(mean ℓ + λ/2‖W‖²) with λ = 1/(C·n).
# Run: /usr/bin/python3 tests/Baseline/sklearn_fixture.py  (scikit-learn 1.2.1); paste the printed values into the test.
import numpy as np
from sklearn.linear_model import LogisticRegression
X = np.array([[0.5, 1.0], [1.5, -0.5], [-1.0, 0.3], [2.0, 1.2], [-0.7, -1.1], [0.1, 0.4],
              [1.1, 0.9], [-1.5, 0.2], [0.3, -0.8], [-0.2, 1.5], [1.8, -1.2], [-0.9, -0.4]])
yb = np.array([1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0])
ym = np.array([0, 1, 2, 1, 2, 0, 1, 2, 0, 0, 1, 2])
C = 0.5
b = LogisticRegression(C=C, tol=1e-12, max_iter=10000).fit(X, yb)
print("binary", repr(b.coef_.tolist()), repr(b.intercept_.tolist()))
m = LogisticRegression(C=C, tol=1e-12, max_iter=10000, multi_class="multinomial").fit(X, ym)
print("multinomial", repr(m.coef_.tolist()), repr(m.intercept_.tolist()))
