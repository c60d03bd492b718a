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

# q9: the lr at the minimum of the curve, the cliff's edge, instead of one on the descent
WRONG.append(("q9", 'chosen_lr = suggest_lr(range_curve["lr"], range_curve["smoothed"])  # SOLUTION',
              "chosen_lr = lr_test.min_loss_lr  # SOLUTION"))

# Answers a student with the section's misconception would write: the question's public
# checks alone must fail each of them (tests/public_cases.py).
_Q1 = "return -np.log(1 / num_classes)  # SOLUTION"
_Q2 = "kernel.assign(kernel * 100)  # SOLUTION"
_Q3 = "overfit = sanity.overfit_small(models.lenet5, X_train, y_train, n=50)  # SOLUTION"
_Q4_HIDDEN = 'keras.layers.Dense(32, activation="relu", kernel_regularizer=penalty),'
_Q4_OUTPUT = 'keras.layers.Dense(10, activation="softmax", kernel_regularizer=penalty),'
_Q5_LR = "return 10 ** rng.uniform(-6, 1, size)  # SOLUTION"
_Q5_DROPOUT = "return 0.1 * rng.uniform(0, 10, size)  # SOLUTION"
_Q7 = 'dropout=config["dropout"])  # SOLUTION'
_Q8_MASK = "finite = np.where(np.isfinite(smoothed), smoothed, np.inf)  # SOLUTION"
_Q8 = "return lrs[int(np.argmin(finite))] / 10  # SOLUTION"
_Q9_CURVE = '"smoothed": [float(v) for v in lr_test.smoothed]}  # SOLUTION'
_Q9 = 'chosen_lr = suggest_lr(range_curve["lr"], range_curve["smoothed"])  # SOLUTION'

PUBLIC = [
    # q1: the sign dropped, log base 2 or 10, the probability itself, the number for 10 classes
    ("q1", _Q1, "return np.log(1 / num_classes)  # SOLUTION"),
    ("q1", _Q1, "return -np.log2(1 / num_classes)  # SOLUTION"),
    ("q1", _Q1, "return -np.log10(1 / num_classes)  # SOLUTION"),
    ("q1", _Q1, "return 1 / num_classes  # SOLUTION"),
    ("q1", _Q1, "return 2.302585  # SOLUTION"),
    # q2: a new tensor never written back, a factor of 10, the wrong layer, every weight
    ("q2", _Q2, "kernel = kernel * 100  # SOLUTION"),
    ("q2", _Q2, "kernel.assign(kernel * 10)  # SOLUTION"),
    ("q2", _Q2, 'broken.get_layer("c1").kernel.assign(broken.get_layer("c1").kernel * 100)  # SOLUTION'),
    ("q2", _Q2, "[w.assign(w * 100) for w in broken.weights]  # SOLUTION"),
    # q3: too few samples, a quick run that never memorizes, a regularized model
    ("q3", _Q3, "overfit = sanity.overfit_small(models.lenet5, X_train, y_train, n=10)  # SOLUTION"),
    ("q3", _Q3, "overfit = sanity.overfit_small(models.lenet5, X_train, y_train, n=50, num_epochs=1)  # SOLUTION"),
    ("q3", _Q3, "overfit = sanity.overfit_small(lambda: models.lenet5(dropout=0.5), X_train, y_train, "
                "n=50, num_epochs=5)  # SOLUTION"),
    # q4: only one layer penalised, a constant strength, the bias instead of the kernel
    ("q4", _Q4_HIDDEN, 'keras.layers.Dense(32, activation="relu"),'),
    ("q4", _Q4_OUTPUT, 'keras.layers.Dense(10, activation="softmax"),'),
    ("q4", _Q4_HIDDEN, 'keras.layers.Dense(32, activation="relu", kernel_regularizer=keras.regularizers.L2(0.01)),'),
    ("q4", _Q4_OUTPUT, 'keras.layers.Dense(10, activation="softmax", bias_regularizer=penalty),'),
    # q5: uniform on the original scale, e instead of 10, integer exponents, NumPy's global
    # generator, no size; dropout without the 0.1, or drawn from integers
    ("q5", _Q5_LR, "return rng.uniform(1e-6, 10, size)  # SOLUTION"),
    ("q5", _Q5_LR, "return np.exp(rng.uniform(-6, 1, size))  # SOLUTION"),
    ("q5", _Q5_LR, "return 10.0 ** rng.integers(-6, 2, size)  # SOLUTION"),
    ("q5", _Q5_LR, "return 10 ** np.random.uniform(-6, 1, size)  # SOLUTION"),
    ("q5", _Q5_LR, "return 10 ** rng.uniform(-6, 1)  # SOLUTION"),
    ("q5", _Q5_DROPOUT, "return rng.uniform(0, 10, size)  # SOLUTION"),
    ("q5", _Q5_DROPOUT, "return 0.1 * rng.integers(0, 10, size)  # SOLUTION"),
    # q6: random trials as the grid, a 9x9 grid, the counts of the wrong list
    ("q6", "grid_trials = methodology.grid_search(space, 3)  # SOLUTION",
     "grid_trials = methodology.random_search(space, 9, seed=1)  # SOLUTION"),
    ("q6", "grid_trials = methodology.grid_search(space, 3)  # SOLUTION",
     "grid_trials = methodology.grid_search(space, 9)  # SOLUTION"),
    ("q6", "grid_distinct = methodology.distinct_values(grid_trials)  # SOLUTION",
     "grid_distinct = methodology.distinct_values(random_trials)  # SOLUTION"),
    ("q6", "random_trials = methodology.random_search(space, 9, seed=0)  # SOLUTION",
     "random_trials = methodology.random_search(space, 3, seed=0)  # SOLUTION"),
    # q7: the example's rate hard-coded, the learning rate as the dropout rate, a wider layer
    ("q7", _Q7, "dropout=0.3)  # SOLUTION"),
    ("q7", _Q7, 'dropout=config["lr"])  # SOLUTION'),
    ("q7", 'return models.mlp((28, 28), hidden_units=(32,), rescale=1 / 255, dropout=config["dropout"])',
     'return models.mlp((28, 28), hidden_units=(64,), rescale=1 / 255, dropout=config["dropout"])'),
    # q8: the minimum itself, the largest loss, nan taken for the lowest
    ("q8", _Q8, "return lrs[int(np.argmin(finite))]  # SOLUTION"),
    ("q8", _Q8, "return lrs[int(np.argmax(finite))] / 10  # SOLUTION"),
    ("q8", _Q8_MASK, "finite = smoothed  # SOLUTION"),
    ("q8", _Q8_MASK, "finite = np.nan_to_num(smoothed)  # SOLUTION"),
    # q9: the cliff's edge, the first lr (nothing moves yet), a constant, the raw losses,
    # the largest lr divided by 10
    ("q9", _Q9, "chosen_lr = lr_test.min_loss_lr  # SOLUTION"),
    ("q9", _Q9, 'chosen_lr = range_curve["lr"][0]  # SOLUTION'),
    ("q9", _Q9, "chosen_lr = 0.1  # SOLUTION"),
    ("q9", _Q9, 'chosen_lr = range_curve["lr"][-1] / 10  # SOLUTION'),
    ("q9", _Q9_CURVE, '"smoothed": [float(v) for v in lr_test.losses]}  # SOLUTION'),
]
