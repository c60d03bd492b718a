"""Deliberately wrong submissions: (question, right line in the master, wrong line).

Each notebook's wrong submission is its master with these lines replaced; the
grader must take points off every listed question.
"""

WRONG = {
    "01_neurons_activations_losses": [
        ("q1", "b = 4.0\nz = np.dot(w, x) + b  # SOLUTION",
         "b = 4.0\nz = np.dot(w, x)  # SOLUTION"),
        ("q2", "return 1 / (1 + np.exp(-z))  # SOLUTION", "return 1 / (1 + np.exp(z))  # SOLUTION"),
        ("q4", "return np.mean((y - y_hat) ** 2)  # SOLUTION",
         "return np.sum((y - y_hat) ** 2)  # SOLUTION"),
    ],
}
