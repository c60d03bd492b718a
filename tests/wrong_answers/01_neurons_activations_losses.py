"""Notebook 01's deliberately wrong submission: (question, right line, wrong line)."""

WRONG = [
    ("q1", "b = 4.0\nz = np.dot(w, x) + b  # SOLUTION", "b = 4.0\nz = np.dot(w, x)  # SOLUTION"),
    ("q2", "return 1 / (1 + np.exp(-z))  # SOLUTION", "return 1 / (1 + np.exp(z))  # SOLUTION"),
    ("q4", "return np.mean((y - y_hat) ** 2)  # SOLUTION",
     "return np.sum((y - y_hat) ** 2)  # SOLUTION"),
    # the weights' gradients hide the vanishing: their norms are even across depth
    ("q6", "tape.gradient(loss, hidden_outputs)",
     "tape.gradient(loss, [layer.kernel for layer in layers[:-1]])"),
    # Keras's default, chosen without looking at the measurements
    ("q7", "relu_initializer = min(spread, key=spread.get)  # SOLUTION",
     "relu_initializer = \"glorot\"  # SOLUTION"),
]

# Answers that call the reference the question forbids: each question must score 0.
CHEATS = [
    # the test's own reference, called directly
    ("q2", "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))  # SOLUTION",
     "def sigmoid(z):\n    return keras.activations.sigmoid(z).numpy()  # SOLUTION"),
    # automatic differentiation through an alias of tf.GradientTape
    ("q3", "def d_sigmoid(z):\n    s = sigmoid(z)  # SOLUTION\n    return s * (1 - s)  # SOLUTION",
     "Tape = tf.GradientTape\n\n\ndef d_sigmoid(z):\n    z = tf.constant(z, dtype=tf.float64)\n"
     "    with Tape() as tape:\n        tape.watch(z)\n        s = tf.sigmoid(z)\n"
     "    return tape.gradient(s, z).numpy()  # SOLUTION"),
    # a Keras loss imported under another name
    ("q4", "def l1_loss(y, y_hat):\n    return np.mean(np.abs(y - y_hat))  # SOLUTION",
     "from keras.losses import MeanAbsoluteError as MAE\n\n\ndef l1_loss(y, y_hat):\n"
     "    return float(MAE()(y, y_hat))  # SOLUTION"),
    # the tape fetched with getattr
    ("q5", "    z = np.dot(w, x) + b  # SOLUTION\n    a = sigmoid(z)  # SOLUTION\n"
     "    delta = 2 * (a - t) * d_sigmoid(z)  # SOLUTION\n    return delta * x, delta  # SOLUTION",
     "    w, b = tf.Variable(w, dtype=tf.float64), tf.Variable(b, dtype=tf.float64)\n"
     "    with getattr(tf, \"GradientTape\")() as tape:\n"
     "        loss = (tf.sigmoid(tf.tensordot(w, tf.constant(x, tf.float64), 1) + b) - t) ** 2\n"
     "    dw, db = tape.gradient(loss, [w, b])\n    return dw.numpy(), db.numpy()  # SOLUTION"),
]

# Answers a student holding the section's misconception would write: each question's
# PUBLIC checks alone must fail them (tests/public_cases.py).
PUBLIC = [
    # q1: the bias forgotten, multiplied instead of added, an elementwise product, a sum
    ("q1", "z = np.dot(w, x) + b  # SOLUTION", "z = np.dot(w, x)  # SOLUTION"),
    ("q1", "z = np.dot(w, x) + b  # SOLUTION", "z = np.dot(w, x) * b  # SOLUTION"),
    ("q1", "z = np.dot(w, x) + b  # SOLUTION", "z = w * x + b  # SOLUTION"),
    ("q1", "z = np.dot(w, x) + b  # SOLUTION", "z = np.sum(w + x) + b  # SOLUTION"),
    # q2: the slide's misprinted sigmoid, a sign error, tanh(z/2), |z|, a reduction, slope 0.01
    ("q2", "return 1 / (1 + np.exp(-z))  # SOLUTION", "return 1 - 1 / (1 + np.exp(-z))  # SOLUTION"),
    ("q2", "return 1 / (1 + np.exp(-z))  # SOLUTION", "return 1 / (1 + np.exp(z))  # SOLUTION"),
    ("q2", "return np.tanh(z)  # SOLUTION", "return 1 - 2 / (np.exp(z) + 1)  # SOLUTION"),
    ("q2", "return np.maximum(z, 0)  # SOLUTION", "return np.abs(z)  # SOLUTION"),
    ("q2", "return np.maximum(z, 0)  # SOLUTION", "return np.max(z, 0)  # SOLUTION"),
    ("q2", "return np.where(z > 0, z, ALPHA * z)  # SOLUTION",
     "return np.where(z > 0, z, 0.01 * z)  # SOLUTION"),
    ("q2", "return np.where(z > 0, z, ALPHA * z)  # SOLUTION",
     "return np.where(z > 0, z, ALPHA)  # SOLUTION"),
    # q3: the formula applied to z, ReLU's derivative 1 at 0, the activation for its slope
    ("q3", "    return s * (1 - s)  # SOLUTION", "    return z * (1 - z)  # SOLUTION"),
    ("q3", "    return s * (1 - s)  # SOLUTION", "    return s * (1 - z)  # SOLUTION"),
    ("q3", "return 1 - np.tanh(z) ** 2  # SOLUTION", "return 1 - z ** 2  # SOLUTION"),
    ("q3", "return 1 - np.tanh(z) ** 2  # SOLUTION", "return 1 - np.tanh(z)  # SOLUTION"),
    ("q3", "return (z > 0).astype(float)  # SOLUTION", "return (z >= 0).astype(float)  # SOLUTION"),
    ("q3", "return np.where(z > 0, 1.0, ALPHA)  # SOLUTION",
     "return np.where(z > 0, z, ALPHA * z)  # SOLUTION"),
    ("q3", "return np.where(z > 0, 1.0, ALPHA)  # SOLUTION",
     "return np.where(z > 0, 1.0, 0.01)  # SOLUTION"),
    # q4: sums for means, no absolute value, RMS, the 1/2, cross-entropy over N·C, no minus
    ("q4", "return np.mean(np.abs(y - y_hat))  # SOLUTION", "return np.sum(np.abs(y - y_hat))  # SOLUTION"),
    ("q4", "return np.mean(np.abs(y - y_hat))  # SOLUTION", "return np.mean(y - y_hat)  # SOLUTION"),
    ("q4", "return np.mean((y - y_hat) ** 2)  # SOLUTION", "return np.sum((y - y_hat) ** 2)  # SOLUTION"),
    ("q4", "return np.mean((y - y_hat) ** 2)  # SOLUTION",
     "return np.sqrt(np.mean((y - y_hat) ** 2))  # SOLUTION"),
    ("q4", "return np.mean((y - y_hat) ** 2)  # SOLUTION",
     "return 0.5 * np.mean((y - y_hat) ** 2)  # SOLUTION"),
    ("q4", "return -np.mean(np.sum(y * np.log(y_hat), axis=-1))  # SOLUTION",
     "return -np.mean(y * np.log(y_hat))  # SOLUTION"),
    ("q4", "return -np.mean(np.sum(y * np.log(y_hat), axis=-1))  # SOLUTION",
     "return -np.sum(y * np.log(y_hat))  # SOLUTION"),
    ("q4", "return -np.mean(np.sum(y * np.log(y_hat), axis=-1))  # SOLUTION",
     "return np.mean(np.sum(y * np.log(y_hat), axis=-1))  # SOLUTION"),
    # q5: sigma' forgotten, taken at a, the 2 dropped, the sign flipped, the pair swapped
    ("q5", "    delta = 2 * (a - t) * d_sigmoid(z)  # SOLUTION", "    delta = 2 * (a - t)  # SOLUTION"),
    ("q5", "    delta = 2 * (a - t) * d_sigmoid(z)  # SOLUTION",
     "    delta = 2 * (a - t) * d_sigmoid(a)  # SOLUTION"),
    ("q5", "    delta = 2 * (a - t) * d_sigmoid(z)  # SOLUTION",
     "    delta = (a - t) * d_sigmoid(z)  # SOLUTION"),
    ("q5", "    delta = 2 * (a - t) * d_sigmoid(z)  # SOLUTION",
     "    delta = 2 * (t - a) * d_sigmoid(z)  # SOLUTION"),
    ("q5", "    return delta * x, delta  # SOLUTION", "    return delta, delta * x  # SOLUTION"),
    # q6: the weights' gradients, the output layer included, a summed loss, reversed order
    ("q6", "tape.gradient(loss, hidden_outputs)",
     "tape.gradient(loss, [layer.kernel for layer in layers[:-1]])"),
    ("q6", "for layer in layers[:-1]:", "for layer in layers:"),
    ("q6", "loss = tf.reduce_mean((layers[-1](h) - y) ** 2)",
     "loss = tf.reduce_sum((layers[-1](h) - y) ** 2)"),
    ("q6", "for g in tape.gradient(loss, hidden_outputs)]",
     "for g in tape.gradient(loss, hidden_outputs)][::-1]"),
    # q7: Keras's default without looking, the worst instead of the best, the ratio without
    # its absolute log (picks the most vanishing), the sigmoid records, a shallower network
    ("q7", "relu_initializer = min(spread, key=spread.get)  # SOLUTION",
     "relu_initializer = \"glorot\"  # SOLUTION"),
    ("q7", "relu_initializer = min(spread, key=spread.get)  # SOLUTION",
     "relu_initializer = max(spread, key=spread.get)  # SOLUTION"),
    ("q7", "spread = {init: abs(np.log10(norms[0] / norms[-1]))",
     "spread = {init: np.log10(norms[0] / norms[-1])"),
    ("q7", "for init, norms in grad_norms[\"relu\"].items()}",
     "for init, norms in grad_norms[\"sigmoid\"].items()}"),
    ("q7", "gradient_norms(deep_layers(activation, init), X_deep, y_deep)",
     "gradient_norms(deep_layers(activation, init, depth=5), X_deep, y_deep)"),
]
