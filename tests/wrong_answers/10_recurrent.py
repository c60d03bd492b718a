"""Notebook 10's deliberately wrong submission: (question, right line, wrong line)."""

WRONG = [
    ("q1", "a = b + h @ W + X[:, t] @ U  # SOLUTION", "a = b + h @ U + X[:, t] @ W  # SOLUTION"),
    ("q3", "i = sigmoid(z[:, :n])  # SOLUTION", "i = sigmoid(z[:, n:2 * n])  # SOLUTION"),
    ("q4", "bias[units:2 * units] = value", "bias[:units] = value"),
    ("q5", "return np.sqrt(np.sum(grad ** 2, axis=(0, 2)))",
     "return np.sqrt(np.sum(grad ** 2, axis=(1, 2)))"),
    ("q6", "lstm_model = models.lstm((SEQ_LEN, 1), units=UNITS, num_classes=2, seed=0)  # SOLUTION",
     "lstm_model = models.lstm((SEQ_LEN, 1), units=2 * UNITS, num_classes=2, seed=0)  # SOLUTION"),
    ("q8", 'return max(history["val_accuracy"])', 'return history["val_accuracy"][-1]'),
    ("q9", 'longest_rnn_gap = max([g for g, acc in zip(GAPS, gap_accuracy["SimpleRNN"]) if acc >= LEARNED], '
     'default=0)  # SOLUTION', "longest_rnn_gap = 99"),
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

# Answers a student holding a misconception would write; the public checks alone must fail
# each one (tests/public_cases.py runs them).
_RNN = "a = b + h @ W + X[:, t] @ U  # SOLUTION"
_GATES = "i = sigmoid(z[:, :n])  # SOLUTION\n    f = sigmoid(z[:, n:2 * n])  # SOLUTION"
_GAP = ('longest_rnn_gap = max([g for g, acc in zip(GAPS, gap_accuracy["SimpleRNN"]) if acc >= LEARNED], '
        'default=0)  # SOLUTION')
PUBLIC = [
    # q1: W and U swapped (the slide's names, Keras's order)
    ("q1", _RNN, "a = b + h @ U + X[:, t] @ W  # SOLUTION"),
    # q1: the column-vector convention W h, written on Keras's row vectors
    ("q1", _RNN, "a = b + h @ W.T + X[:, t] @ U  # SOLUTION"),
    # q1: the bias forgotten
    ("q1", _RNN, "a = h @ W + X[:, t] @ U  # SOLUTION"),
    # q1: no recurrence: every step starts afresh
    ("q1", _RNN, "a = b + X[:, t] @ U  # SOLUTION"),
    # q1: no tanh
    ("q1", "h = np.tanh(a)  # SOLUTION", "h = a  # SOLUTION"),
    # q1: ReLU instead of tanh
    ("q1", "h = np.tanh(a)  # SOLUTION", "h = np.maximum(a, 0)  # SOLUTION"),
    # q2: no max subtraction: np.exp overflows on large scores
    ("q2", "e = np.exp(o - o.max(axis=-1, keepdims=True))", "e = np.exp(o)"),
    # q2: the output bias forgotten
    ("q2", "o = H @ V + c", "o = H @ V"),
    # q2: normalised over time instead of over the classes
    ("q2", "return e / e.sum(axis=-1, keepdims=True)", "return e / e.sum(axis=1, keepdims=True)"),
    # q2: not normalised at all
    ("q2", "return e / e.sum(axis=-1, keepdims=True)", "return e"),
    # q3: the slides' order (f, i, ...) instead of Keras's [i, f, c, o]
    ("q3", _GATES, "i = sigmoid(z[:, n:2 * n])  # SOLUTION\n    f = sigmoid(z[:, :n])  # SOLUTION"),
    # q3: h = o * c, the tanh forgotten
    ("q3", "h = o * np.tanh(c)  # SOLUTION", "h = o * c  # SOLUTION"),
    # q3: a sigmoid candidate
    ("q3", "c_tilde = np.tanh(z[:, 2 * n:3 * n])  # SOLUTION", "c_tilde = sigmoid(z[:, 2 * n:3 * n])  # SOLUTION"),
    # q3: the old cell state dropped
    ("q3", "c = f * c + i * c_tilde  # SOLUTION", "c = i * c_tilde  # SOLUTION"),
    # q3: the hidden states stored as cell states
    ("q3", "C.append(c)", "C.append(h)"),
    # q3: the cell state not carried to the next step
    ("q3", "h, c = lstm_step(X[:, t], h, c, kernel, recurrent_kernel, bias)  # SOLUTION",
     "h, _ = lstm_step(X[:, t], h, c, kernel, recurrent_kernel, bias)  # SOLUTION"),
    # q4: the input gate's block (the first one)
    ("q4", "bias[units:2 * units] = value", "bias[:units] = value"),
    # q4: the candidate's block
    ("q4", "bias[units:2 * units] = value", "bias[2 * units:3 * units] = value"),
    # q4: every bias
    ("q4", "bias[units:2 * units] = value", "bias[:] = value"),
    # q4: added to the forget bias instead of set
    ("q4", "bias[units:2 * units] = value", "bias[units:2 * units] += value"),
    # q5: one norm per sample instead of per time step
    ("q5", "return np.sqrt(np.sum(grad ** 2, axis=(0, 2)))", "return np.sqrt(np.sum(grad ** 2, axis=(1, 2)))"),
    # q5: the squared norm
    ("q5", "return np.sqrt(np.sum(grad ** 2, axis=(0, 2)))", "return np.sum(grad ** 2, axis=(0, 2))"),
    # q5: the mean absolute gradient
    ("q5", "return np.sqrt(np.sum(grad ** 2, axis=(0, 2)))", "return np.mean(np.abs(grad), axis=(0, 2))"),
    # q5: the gradient of the mean output instead of the sum
    ("q5", "L = tf.reduce_sum(layer(X))", "L = tf.reduce_mean(layer(X))"),
    # q6: the forget gates left at Keras's default
    ("q6", 'set_forget_bias(lstm_model.get_layer("lstm1"), FORGET_BIAS)  # SOLUTION',
     "# the forget bias left as Keras sets it"),
    # q6: forget bias 1
    ("q6", 'set_forget_bias(lstm_model.get_layer("lstm1"), FORGET_BIAS)  # SOLUTION',
     'set_forget_bias(lstm_model.get_layer("lstm1"), 1.0)  # SOLUTION'),
    # q6: twice the units
    ("q6", "lstm_model = models.lstm((SEQ_LEN, 1), units=UNITS,", "lstm_model = models.lstm((SEQ_LEN, 1), units=2 * UNITS,"),
    # q6: a SimpleRNN built with models.lstm
    ("q6", "rnn_model = models.rnn(", "rnn_model = models.lstm("),
    # q7: the last epoch's training accuracy
    ("q7", "rnn_val_acc = rnn_model.evaluate(*gap.val, verbose=0)[1]  # SOLUTION",
     'rnn_val_acc = histories["SimpleRNN"]["accuracy"][-1]  # SOLUTION'),
    # q7: the loss
    ("q7", "rnn_val_acc = rnn_model.evaluate(*gap.val, verbose=0)[1]  # SOLUTION",
     "rnn_val_acc = rnn_model.evaluate(*gap.val, verbose=0)[0]  # SOLUTION"),
    # q7: the training set (the test set is no case: on this run the LSTM scores 0.908 on both
    # 120-sequence parts, so no check can tell them apart)
    ("q7", "lstm_val_acc = lstm_model.evaluate(*gap.val, verbose=0)[1]  # SOLUTION",
     "lstm_val_acc = lstm_model.evaluate(*gap.train, verbose=0)[1]  # SOLUTION"),
    # q7: a percent
    ("q7", "lstm_val_acc = lstm_model.evaluate(*gap.val, verbose=0)[1]  # SOLUTION",
     "lstm_val_acc = 100 * lstm_model.evaluate(*gap.val, verbose=0)[1]  # SOLUTION"),
    # q8: the training accuracy
    ("q8", 'return max(history["val_accuracy"])', 'return max(history["accuracy"])'),
    # q8: the last epoch
    ("q8", 'return max(history["val_accuracy"])', 'return history["val_accuracy"][-1]'),
    # q8: the mean over the epochs
    ("q8", 'return max(history["val_accuracy"])', 'return sum(history["val_accuracy"]) / len(history["val_accuracy"])'),
    # q8: the lowest validation loss
    ("q8", 'return max(history["val_accuracy"])', 'return min(history["val_loss"])'),
    # q8: the gaps in the wrong order
    ("q8", "for gap in GAPS] for kind in KINDS}", "for gap in reversed(GAPS)] for kind in KINDS}"),
    # q9: the LSTM's sweep
    ("q9", _GAP, 'longest_rnn_gap = max([g for g, acc in zip(GAPS, gap_accuracy["LSTM"]) if acc >= LEARNED], default=0)'),
    # q9: the gap with the highest accuracy
    ("q9", _GAP, 'longest_rnn_gap = GAPS[int(np.argmax(gap_accuracy["SimpleRNN"]))]'),
    # q9: the first gap at which it failed
    ("q9", _GAP, 'longest_rnn_gap = min([g for g, acc in zip(GAPS, gap_accuracy["SimpleRNN"]) if acc < LEARNED], default=0)'),
    # q9: an index instead of a gap
    ("q9", _GAP, 'longest_rnn_gap = max([i for i, acc in enumerate(gap_accuracy["SimpleRNN"]) if acc >= LEARNED], default=0)'),
    # q9: the sequence length instead of the gap
    ("q9", _GAP, 'longest_rnn_gap = max([g + 1 for g, acc in zip(GAPS, gap_accuracy["SimpleRNN"]) if acc >= LEARNED], default=0)'),
    # q9: "better than chance" read as learned
    ("q9", _GAP, 'longest_rnn_gap = max([g for g, acc in zip(GAPS, gap_accuracy["SimpleRNN"]) if acc > 0.5], default=0)'),
    # q9: the lecture's gap, not the student's own sweep
    ("q9", _GAP, "longest_rnn_gap = 99"),
]
