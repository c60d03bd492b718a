"""Notebook 03's deliberately wrong submission: (question, right line, wrong line)."""

WRONG = [
    ("q1", 'unit = keras.layers.Dense(1, activation="sigmoid")  # SOLUTION',
     'unit = keras.layers.Dense(1, activation="relu")  # SOLUTION'),
    ("q3", "return np.c_[X, X**2, X[:, 0] * X[:, 1]]  # SOLUTION",
     "return np.c_[X, X**2, X[:, 0] + X[:, 1]]  # SOLUTION"),
    ("q5", "return models.binary_classifier(2, (width,), activation, seed=seed)  # SOLUTION",
     "return models.binary_classifier(2, (width, width), activation, seed=seed)  # SOLUTION"),
    ("q6", "smallest_width = min(w for w in WIDTHS if sweep_acc[w] >= SEPARATED)  # SOLUTION",
     "smallest_width = max(w for w in WIDTHS if sweep_acc[w] >= SEPARATED)  # SOLUTION"),
]

# Answers that call the reference the question forbids: each question must score 0.
CHEATS = [
    # scikit-learn's degree-2 features, columns reordered
    ("q3", "    return np.c_[X, X**2, X[:, 0] * X[:, 1]]  # SOLUTION",
     "    from sklearn.preprocessing import PolynomialFeatures\n"
     "    return PolynomialFeatures(degree=2, include_bias=False).fit_transform(X)[:, [0, 1, 2, 4, 3]]  # SOLUTION"),
]
