"""Notebook 02's deliberately wrong submission: (question, right line, wrong line)."""

WRONG = [
    ("q1", "return 2 * (theta @ x - t) * x  # SOLUTION", "return (theta @ x - t) * x  # SOLUTION"),
    ("q3", "r = r + g**2  # SOLUTION", "r = g**2  # SOLUTION"),
    ("q5", "m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)  # SOLUTION",
     "m_hat, v_hat = m, v  # SOLUTION"),
    ("q6", "lr_limit = 1 / (x_unit @ x_unit)  # SOLUTION",
     "lr_limit = 1 / (2 * x_unit @ x_unit)  # SOLUTION"),
    ("q7", "return 2 * X.T @ (X @ theta - y) / len(y)  # SOLUTION",
     "return 2 * X.T @ (X @ theta - y)  # SOLUTION"),
]
