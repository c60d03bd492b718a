"""Notebook 06's wrong answers: (question, right text in the solution, wrong text).

`WRONG`: graded wrong answers, each must lose points. `PUBLIC`: answers a student holding a
misconception of the section would write; the question's public checks alone must fail each.
`CHEATS`: answers that call the reference the question forbids; each question must score 0.
"""

# --- the solution texts the cases replace ------------------------------------------------
L2_LINE = "return lam / 2 * sum(float(np.sum(np.square(w))) for w in weights)  # SOLUTION"
L1_LINE = "return lam * sum(float(np.sum(np.abs(w))) for w in weights)  # SOLUTION"
DENSE = ('keras.layers.Dense(64, activation="relu", kernel_regularizer=keras.regularizers.L2(keras_l2)),\n'
         '    keras.layers.Dense(64, activation="relu", kernel_regularizer=keras.regularizers.L2(keras_l2)),\n'
         '    keras.layers.Dense(10, activation="softmax", kernel_regularizer=keras.regularizers.L2(keras_l2)),')
OUTPUT = 'keras.layers.Dense(10, activation="softmax", kernel_regularizer=keras.regularizers.L2(keras_l2)),'
NEAR_ZERO = "return float(np.mean(np.abs(np.asarray(kernel)) < tol))  # SOLUTION"
BEST_LAM = 'best_lam = max(LAMS, key=lambda lam: np.mean(curves_l2[lam]["val_accuracy"][-LAST:]))  # SOLUTION'
ACT_L1 = ("total = lam * float(np.sum(np.abs(activations)))  # SOLUTION\n"
          "    return total / len(activations) if mean_over_batch else total  # SOLUTION")
ACT_L2_TOTAL = "total = lam * float(np.sum(np.square(activations)))  # SOLUTION"
DROP_ALL = ("return x  # SOLUTION\n    keep = rng.random(x.shape) >= rate  # SOLUTION\n"
            "    return x * keep / (1 - rate)  # SOLUTION")
DROP_KEEP = "keep = rng.random(x.shape) >= rate  # SOLUTION"
DROP_SCALE = "return x * keep / (1 - rate)  # SOLUTION"
BEST_RATE = ('best_rate = max(RATES, key=lambda rate: np.mean(curves_dropout[rate]["val_accuracy"]'
             '[-LAST:]))  # SOLUTION')
BN_STATS = "mu = H.mean(axis=0)  # SOLUTION\n    var = H.var(axis=0)  # SOLUTION"
BN_OUT = "return gamma * (H - mu) / np.sqrt(var + eps) + beta  # SOLUTION"
ES_LINE = "patience=3, restore_best_weights=True)  # SOLUTION"
BEST_EPOCH = 'best_epoch = int(np.argmin(history_es.history["val_loss"])) + 1  # SOLUTION'
IMPROVED = "        if loss < best:\n            best, best_epoch, wait = loss, epoch, 0"
PATIENCE = 'best_patience = 3 if restored_loss[3] < restored_loss[1] else 1  # SOLUTION'
GAP = "return accuracy(model, X_train, y_train) - accuracy(model, X_val, y_val)  # SOLUTION"
ACCURACY = "return float(np.mean(probabilities.argmax(axis=-1) == y))  # SOLUTION"
PROBS = "probabilities = np.asarray(model(X, training=False))  # SOLUTION"
PRUNE = ("threshold = np.quantile(magnitude, sparsity)  # SOLUTION\n"
         "    return magnitude > threshold  # SOLUTION")

WRONG = [
    # forgets the lecture's 1/2
    ("q1", L2_LINE, "return lam * sum(float(np.sum(np.square(w))) for w in weights)  # SOLUTION"),
    # the slide's strength read as the lecture's lambda: a penalty twice too strong
    ("q2", "keras_l2 = LAM / 2  # SOLUTION", "keras_l2 = LAM  # SOLUTION"),
    # ignores the tolerance it is given
    ("q3", NEAR_ZERO, "return float(np.mean(np.abs(np.asarray(kernel)) < 1e-3))  # SOLUTION"),
    # types the slide's value instead of reading the curves
    ("q4", BEST_LAM, "best_lam = 1e-2  # SOLUTION"),
    # Keras 3.15's convention only: divides by the batch size whatever the Keras (issue 12)
    ("q5", ACT_L1, "total = lam * float(np.sum(np.abs(activations)))  # SOLUTION\n"
                   "    return total / len(activations)  # SOLUTION"),
    # dropout without the inverted scaling: the mean shrinks by (1 - rate)
    ("q6", DROP_SCALE, "return x * keep  # SOLUTION"),
    # the lecture's default instead of the run's evidence
    ("q7", BEST_RATE, "best_rate = 0.5  # SOLUTION"),
    # the unbiased variance (m - 1), which BatchNormalization does not use
    ("q8", "var = H.var(axis=0)  # SOLUTION", "var = H.var(axis=0, ddof=1)  # SOLUTION"),
    # keeps the last epoch's weights
    ("q9", ES_LINE, "patience=3, restore_best_weights=False)  # SOLUTION"),
    # stops one epoch late: wait > patience
    ("q10", "            if wait >= patience:", "            if wait > patience:"),
    # validation minus training
    ("q11", GAP, "return accuracy(model, X_val, y_val) - accuracy(model, X_train, y_train)  # SOLUTION"),
    # sparsity read as the fraction kept
    ("q12", "threshold = np.quantile(magnitude, sparsity)  # SOLUTION",
     "threshold = np.quantile(magnitude, 1 - sparsity)  # SOLUTION"),
]

PUBLIC = [
    # q1: the missing 1/2 on L2, the slide's 1/2 on L1, the norm instead of its square, a mean,
    # one array only, a typed lambda, L1 without absolute values
    ("q1", L2_LINE, "return lam * sum(float(np.sum(np.square(w))) for w in weights)  # SOLUTION"),
    ("q1", L1_LINE, "return lam / 2 * sum(float(np.sum(np.abs(w))) for w in weights)  # SOLUTION"),
    ("q1", L2_LINE,
     "return lam / 2 * sum(float(np.sqrt(np.sum(np.square(w)))) for w in weights)  # SOLUTION"),
    ("q1", L2_LINE, "return lam / 2 * sum(float(np.mean(np.square(w))) for w in weights)  # SOLUTION"),
    ("q1", L2_LINE, "return lam / 2 * float(np.sum(np.square(weights[0])))  # SOLUTION"),
    ("q1", L2_LINE, "return 0.5 / 2 * sum(float(np.sum(np.square(w))) for w in weights)  # SOLUTION"),
    ("q1", L1_LINE, "return lam * sum(float(np.sum(w)) for w in weights)  # SOLUTION"),
    # q2: no regularizers (the architecture alone is right), the output layer forgotten, the
    # slide's strength as lambda, L1, biases penalised, activity instead of kernel, LAM in the layers
    ("q2", DENSE, 'keras.layers.Dense(64, activation="relu"),\n    keras.layers.Dense(64, activation="relu"),\n'
                  '    keras.layers.Dense(10, activation="softmax"),'),
    ("q2", OUTPUT, 'keras.layers.Dense(10, activation="softmax"),'),
    ("q2", "keras_l2 = LAM / 2  # SOLUTION", "keras_l2 = LAM  # SOLUTION"),
    ("q2", DENSE, DENSE.replace("L2(", "L1(")),
    ("q2", OUTPUT, OUTPUT.replace("(keras_l2)),", "(keras_l2), bias_regularizer=keras.regularizers.L2(keras_l2)),")),
    ("q2", DENSE, DENSE.replace("kernel_regularizer", "activity_regularizer")),
    ("q2", DENSE, DENSE.replace("L2(keras_l2)", "L2(LAM)")),
    # q3: <= instead of <, a typed tolerance, no absolute value, a count
    ("q3", NEAR_ZERO, "return float(np.mean(np.abs(np.asarray(kernel)) <= tol))  # SOLUTION"),
    ("q3", NEAR_ZERO, "return float(np.mean(np.abs(np.asarray(kernel)) < 1e-3))  # SOLUTION"),
    ("q3", NEAR_ZERO, "return float(np.mean(np.asarray(kernel) < tol))  # SOLUTION"),
    ("q3", NEAR_ZERO, "return float(np.sum(np.abs(np.asarray(kernel)) < tol))  # SOLUTION"),
    # q4: the slide's value typed in, the worst candidate, the smallest validation loss (which
    # carries the penalty)
    ("q4", BEST_LAM, "best_lam = 1e-2  # SOLUTION"),
    ("q4", BEST_LAM,
     'best_lam = min(LAMS, key=lambda lam: np.mean(curves_l2[lam]["val_accuracy"][-LAST:]))  # SOLUTION'),
    ("q4", BEST_LAM, "best_lam = 0.0  # SOLUTION"),
    # q5: one Keras's convention whatever the flag (divide, or sum), a mean over entries, per unit,
    # L1 without |a|, L2 with a 1/2, L2 as a norm
    ("q5", ACT_L1, "total = lam * float(np.sum(np.abs(activations)))  # SOLUTION\n"
                   "    return total / len(activations)  # SOLUTION"),
    ("q5", ACT_L1, "total = lam * float(np.sum(np.abs(activations)))  # SOLUTION\n    return total  # SOLUTION"),
    ("q5", ACT_L1, "total = lam * float(np.sum(np.abs(activations)))  # SOLUTION\n"
                   "    return total / activations.size if mean_over_batch else total  # SOLUTION"),
    ("q5", ACT_L1, "total = lam * float(np.sum(np.abs(activations)))  # SOLUTION\n"
                   "    return total / activations.shape[1] if mean_over_batch else total  # SOLUTION"),
    ("q5", ACT_L1, "total = lam * float(np.sum(activations))  # SOLUTION\n"
                   "    return total / len(activations) if mean_over_batch else total  # SOLUTION"),
    ("q5", ACT_L2_TOTAL, "total = lam / 2 * float(np.sum(np.square(activations)))  # SOLUTION"),
    ("q5", ACT_L2_TOTAL, "total = lam * float(np.sqrt(np.sum(np.square(activations))))  # SOLUTION"),
    # q6: no scaling, rate read as the keep probability, scaled by 1/rate, dropout at inference
    # too, the old non-inverted dropout, one coin per column, np.random instead of rng
    ("q6", DROP_SCALE, "return x * keep  # SOLUTION"),
    ("q6", DROP_KEEP, "keep = rng.random(x.shape) < rate  # SOLUTION"),
    ("q6", DROP_SCALE, "return x * keep / rate  # SOLUTION"),
    ("q6", "return x  # SOLUTION", "return x * (rng.random(x.shape) >= rate) / (1 - rate)  # SOLUTION"),
    ("q6", DROP_ALL, "return x * (1 - rate)  # SOLUTION\n    keep = rng.random(x.shape) >= rate  # SOLUTION\n"
                     "    return x * keep  # SOLUTION"),
    ("q6", DROP_KEEP, "keep = rng.random(x.shape[-1]) >= rate  # SOLUTION"),
    ("q6", DROP_KEEP, "keep = np.random.random(x.shape) >= rate  # SOLUTION"),
    # q7: the lecture's default typed in, the worst candidate, the best training accuracy
    ("q7", BEST_RATE, "best_rate = 0.5  # SOLUTION"),
    ("q7", BEST_RATE,
     'best_rate = min(RATES, key=lambda rate: np.mean(curves_dropout[rate]["val_accuracy"][-LAST:]))  # SOLUTION'),
    ("q7", BEST_RATE,
     'best_rate = max(RATES, key=lambda rate: curves_dropout[rate]["accuracy"][-1])  # SOLUTION'),
    # q8: gamma and beta ignored (the example), m - 1, eps outside the root, statistics
    # per sample, gamma and beta swapped, the standard deviation for the variance
    ("q8", BN_OUT, "return (H - mu) / np.sqrt(var + eps)  # SOLUTION"),
    ("q8", "var = H.var(axis=0)  # SOLUTION", "var = H.var(axis=0, ddof=1)  # SOLUTION"),
    ("q8", BN_OUT, "return gamma * (H - mu) / (np.sqrt(var) + eps) + beta  # SOLUTION"),
    ("q8", BN_STATS, "mu = H.mean(axis=1, keepdims=True)  # SOLUTION\n"
                     "    var = H.var(axis=1, keepdims=True)  # SOLUTION"),
    ("q8", BN_OUT, "return beta * (H - mu) / np.sqrt(var + eps) + gamma  # SOLUTION"),
    ("q8", "var = H.var(axis=0)  # SOLUTION", "var = H.std(axis=0)  # SOLUTION"),
    # q9: the slide's default (last weights kept), a 0-based best epoch
    ("q9", ES_LINE, "patience=3, restore_best_weights=False)  # SOLUTION"),
    ("q9", BEST_EPOCH, 'best_epoch = int(np.argmin(history_es.history["val_loss"]))  # SOLUTION'),
    # q10: one epoch late, "improvement" against the previous epoch, 0-based epochs, the last
    # epoch restored, patience 1 typed in
    ("q10", "            if wait >= patience:", "            if wait > patience:"),
    ("q10", IMPROVED, "        if epoch == 0 or loss < val_loss[epoch - 1]:\n"
                      "            best, best_epoch, wait = loss, epoch, 0"),
    ("q10", "                return epoch + 1, best_epoch + 1", "                return epoch, best_epoch"),
    ("q10", "                return epoch + 1, best_epoch + 1", "                return epoch + 1, epoch + 1"),
    ("q10", PATIENCE, "best_patience = 1  # SOLUTION"),
    # q11: validation minus training, dropout left on, a count
    ("q11", GAP, "return accuracy(model, X_val, y_val) - accuracy(model, X_train, y_train)  # SOLUTION"),
    ("q11", PROBS, "probabilities = np.asarray(model(X, training=True))  # SOLUTION"),
    ("q11", ACCURACY, "return float(np.sum(probabilities.argmax(axis=-1) == y))  # SOLUTION"),
    # q12: the mask inverted, no absolute value, sparsity as the fraction kept, percentile
    # with a fraction
    ("q12", PRUNE, "threshold = np.quantile(magnitude, sparsity)  # SOLUTION\n"
                   "    return magnitude <= threshold  # SOLUTION"),
    ("q12", "magnitude = np.abs(np.asarray(kernel))  # SOLUTION", "magnitude = np.asarray(kernel)  # SOLUTION"),
    ("q12", "threshold = np.quantile(magnitude, sparsity)  # SOLUTION",
     "threshold = np.quantile(magnitude, 1 - sparsity)  # SOLUTION"),
    ("q12", "threshold = np.quantile(magnitude, sparsity)  # SOLUTION",
     "threshold = np.percentile(magnitude, sparsity)  # SOLUTION"),
]

# Answers that call the reference the question forbids: each question must score 0.
CHEATS = [
    # the course's own by-hand penalty, called directly
    ("q1", "    " + L1_LINE, "    return regularizers.l1_by_hand(weights, lam)  # SOLUTION"),
    # Keras's L1 regularizer, imported by name
    ("q5", "    " + ACT_L1,
     "    from keras.regularizers import L1\n"
     "    total = float(L1(lam)(activations.astype(\"float32\")))  # SOLUTION\n"
     "    return total / len(activations) if mean_over_batch else total  # SOLUTION"),
    # keras.layers.Dropout through an alias, seeded from rng
    ("q6", "    " + DROP_KEEP + "\n    " + DROP_SCALE,
     "    Dropout = keras.layers.Dropout\n    layer = Dropout(rate, seed=int(rng.integers(2**31 - 1)))\n"
     "    return np.asarray(layer(x, training=True), dtype=float)  # SOLUTION"),
    # Keras's batch-norm op
    ("q8", "    " + BN_STATS + "\n    " + BN_OUT,
     "    mu, var = keras.ops.moments(H, axes=[0])\n"
     "    out = keras.ops.batch_normalization(H, mu, var, axis=-1, offset=beta, scale=gamma, epsilon=eps)\n"
     "    return keras.ops.convert_to_numpy(out)  # SOLUTION"),
]
