"""Notebook 08's deliberately wrong submission: (question, right line, wrong line)."""

WRONG = [
    ("q1", "return -np.log(1 / num_classes)  # SOLUTION", "return -np.log(num_classes)  # SOLUTION"),
    ("q4", 'keras.layers.Dense(10, activation="softmax", kernel_regularizer=penalty),',
     'keras.layers.Dense(10, activation="softmax"),'),
    ("q5", "return 10 ** rng.uniform(-6, 1, size)  # SOLUTION",
     "return rng.uniform(1e-6, 10, size)  # SOLUTION"),
    ("q6", "grid_trials = methodology.grid_search(space, 3)  # SOLUTION",
     "grid_trials = methodology.random_search(space, 9, seed=1)  # SOLUTION"),
    ("q8", "return lrs[int(np.argmin(finite))] / 10  # SOLUTION",
     "return lrs[int(np.argmin(finite))]  # SOLUTION"),
]

# Answers that call the reference the question forbids: each question must score 0.
CHEATS = [
    # the checks' own reference, Keras's cross-entropy of a uniform guess
    ("q1", "    return -np.log(1 / num_classes)  # SOLUTION",
     "    uniform = np.full((num_classes, num_classes), 1 / num_classes)\n"
     "    return float(keras.losses.SparseCategoricalCrossentropy()(np.arange(num_classes), uniform))  # SOLUTION"),
    # the course's own distributions, imported by name, drawing with rng
    ("q5", "    return 10 ** rng.uniform(-6, 1, size)  # SOLUTION",
     "    from dlcourse.methodology import LogUniform\n"
     "    return np.array([LogUniform(-6, 1).sample(rng) for _ in range(size)])  # SOLUTION"),
]
