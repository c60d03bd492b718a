"""Notebook 10's deliberately wrong submission: (question, right line, wrong line)."""

WRONG = [
    ("q1", "a = b + h @ W + X[:, t] @ U  # SOLUTION", "a = b + h @ U + X[:, t] @ W  # SOLUTION"),
    ("q3", "i = sigmoid(z[:, :n])  # SOLUTION", "i = sigmoid(z[:, n:2 * n])  # SOLUTION"),
    ("q4", "bias[units:2 * units] = value", "bias[:units] = value"),
    ("q5", "return np.sqrt(np.sum(grad ** 2, axis=(0, 2)))",
     "return np.sqrt(np.sum(grad ** 2, axis=(1, 2)))"),
    ("q6", "lstm_model = models.lstm((SEQ_LEN, 1), units=UNITS, num_classes=2, seed=0)  # SOLUTION",
     "lstm_model = models.lstm((SEQ_LEN, 1), units=2 * UNITS, num_classes=2, seed=0)  # SOLUTION"),
]
