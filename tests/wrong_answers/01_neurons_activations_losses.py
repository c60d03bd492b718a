"""Notebook 01's deliberately wrong submission: (question, right line, wrong line)."""

WRONG = [
    ("q1", "b = 4.0\nz = np.dot(w, x) + b  # SOLUTION", "b = 4.0\nz = np.dot(w, x)  # SOLUTION"),
    ("q2", "return 1 / (1 + np.exp(-z))  # SOLUTION", "return 1 / (1 + np.exp(z))  # SOLUTION"),
    ("q4", "return np.mean((y - y_hat) ** 2)  # SOLUTION",
     "return np.sum((y - y_hat) ** 2)  # SOLUTION"),
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
