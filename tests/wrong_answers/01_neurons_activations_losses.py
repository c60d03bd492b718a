"""Notebook 01's deliberately wrong submission: (question, right line, wrong line)."""

WRONG = [
    ("q1", "b = 4.0\nz = np.dot(w, x) + b  # SOLUTION", "b = 4.0\nz = np.dot(w, x)  # SOLUTION"),
    ("q2", "return 1 / (1 + np.exp(-z))  # SOLUTION", "return 1 / (1 + np.exp(z))  # SOLUTION"),
    ("q4", "return np.mean((y - y_hat) ** 2)  # SOLUTION",
     "return np.sum((y - y_hat) ** 2)  # SOLUTION"),
]
