"""Notebook 06's deliberately wrong submission: (question, right line, wrong line)."""

WRONG = [
    # forgets the lecture's 1/2
    ("q1", "return lam / 2 * sum(float(np.sum(np.square(w))) for w in weights)  # SOLUTION",
     "return lam * sum(float(np.sum(np.square(w))) for w in weights)  # SOLUTION"),
    # the slide's strength read as the lecture's lambda: a penalty twice too strong
    ("q2", "keras_l2 = LAM / 2  # SOLUTION", "keras_l2 = LAM  # SOLUTION"),
    # dropout without the inverted scaling: the mean shrinks by (1 - rate)
    ("q5", "return x * keep / (1 - rate)  # SOLUTION", "return x * keep  # SOLUTION"),
    # the unbiased variance (m - 1), which BatchNormalization does not use
    ("q6", "var = H.var(axis=0)  # SOLUTION", "var = H.var(axis=0, ddof=1)  # SOLUTION"),
    # keeps the last epoch's weights
    ("q7", "patience=3, restore_best_weights=True)  # SOLUTION",
     "patience=3, restore_best_weights=False)  # SOLUTION"),
]
