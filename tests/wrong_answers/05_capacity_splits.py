"""Notebook 05's deliberately wrong submission: (question, right line, wrong line)."""

WRONG = [
    # not random: the first 60% of each class go to training
    ("q1", "members = rng.permutation(np.flatnonzero(y == c))", "members = np.flatnonzero(y == c)"),
    # underfitting whenever training error exceeds human error at all
    ("q4", "if train - human > tolerance:", "if train - human > 0:"),
    # the worst model instead of the best
    ("q6", "best = int(np.argmax(accuracies))  # SOLUTION",
     "best = int(np.argmin(accuracies))  # SOLUTION"),
]
