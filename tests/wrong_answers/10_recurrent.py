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

# Answers that call the reference the question forbids: each question must score 0.
CHEATS = [
    # a SimpleRNN layer loaded with the given weights, reached through tf.keras
    ("q1", "    batch, num_steps, _ = X.shape\n    h = np.zeros((batch, W.shape[0]))\n    H = []\n"
     "    for t in range(num_steps):\n        a = b + h @ W + X[:, t] @ U  # SOLUTION\n"
     "        h = np.tanh(a)  # SOLUTION\n        H.append(h)\n    return np.stack(H, axis=1)",
     "    layer = tf.keras.layers.SimpleRNN(W.shape[0], return_sequences=True)\n"
     "    layer.build(X.shape)\n    layer.set_weights([U, W, b])\n"
     "    return keras.ops.convert_to_numpy(layer(X))"),
    # SciPy's softmax through a module alias
    ("q2", "    o = H @ V + c\n    e = np.exp(o - o.max(axis=-1, keepdims=True))\n"
     "    return e / e.sum(axis=-1, keepdims=True)\n",
     "    import scipy.special as sp\n    return sp.softmax(H @ V + c, axis=-1)\n"),
    # Keras's own LSTM cell, imported under another name
    ("q3", "    n = recurrent_kernel.shape[0]\n    z = x @ kernel + h @ recurrent_kernel + bias  # SOLUTION\n"
     "    i = sigmoid(z[:, :n])  # SOLUTION\n    f = sigmoid(z[:, n:2 * n])  # SOLUTION\n"
     "    c_tilde = np.tanh(z[:, 2 * n:3 * n])  # SOLUTION\n    o = sigmoid(z[:, 3 * n:])  # SOLUTION\n"
     "    c = f * c + i * c_tilde  # SOLUTION\n    h = o * np.tanh(c)  # SOLUTION\n    return h, c\n",
     "    from keras.layers import LSTMCell as Cell\n    cell = Cell(recurrent_kernel.shape[0])\n"
     "    cell.build(x.shape)\n    cell.set_weights([kernel, recurrent_kernel, bias])\n"
     "    _, (h, c) = cell(np.asarray(x, \"float32\"), [np.asarray(h, \"float32\"), np.asarray(c, \"float32\")])\n"
     "    return keras.ops.convert_to_numpy(h), keras.ops.convert_to_numpy(c)\n"),
]
