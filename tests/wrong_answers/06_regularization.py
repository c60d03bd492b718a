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

# Answers that call the reference the question forbids: each question must score 0.
CHEATS = [
    # the course's own by-hand penalty, called directly
    ("q1", "    return lam / 2 * sum(float(np.sum(np.abs(w))) for w in weights)  # SOLUTION",
     "    return regularizers.l1_by_hand(weights, lam)  # SOLUTION"),
    # Keras's L1 regularizer, imported by name
    ("q4", "    return lam * float(np.sum(np.abs(activations))) / len(activations)  # SOLUTION",
     "    from keras.regularizers import L1\n"
     "    return float(L1(lam)(activations.astype(\"float32\"))) / len(activations)  # SOLUTION"),
    # keras.layers.Dropout through an alias, seeded from rng
    ("q5", "    keep = rng.random(x.shape) >= rate  # SOLUTION\n    return x * keep / (1 - rate)  # SOLUTION",
     "    Dropout = keras.layers.Dropout\n    layer = Dropout(rate, seed=int(rng.integers(2**31 - 1)))\n"
     "    return np.asarray(layer(x, training=True), dtype=float)  # SOLUTION"),
    # Keras's batch-norm op
    ("q6", "    mu = H.mean(axis=0)  # SOLUTION\n    var = H.var(axis=0)  # SOLUTION\n"
     "    return gamma * (H - mu) / np.sqrt(var + eps) + beta  # SOLUTION",
     "    mu, var = keras.ops.moments(H, axes=[0])\n"
     "    out = keras.ops.batch_normalization(H, mu, var, axis=-1, offset=beta, scale=gamma, epsilon=eps)\n"
     "    return keras.ops.convert_to_numpy(out)  # SOLUTION"),
]
