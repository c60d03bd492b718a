"""Notebook 03's deliberately wrong submission: (question, right line, wrong line)."""

WRONG = [
    ("q1", 'unit = keras.layers.Dense(1, activation="sigmoid")  # SOLUTION',
     'unit = keras.layers.Dense(1, activation="relu")  # SOLUTION'),
    ("q3", "return np.c_[X, X**2, X[:, 0] * X[:, 1]]  # SOLUTION",
     "return np.c_[X, X**2, X[:, 0] + X[:, 1]]  # SOLUTION"),
    ("q5", "return models.binary_classifier(2, (width,), activation, seed=seed)  # SOLUTION",
     "return models.binary_classifier(2, (width, width), activation, seed=seed)  # SOLUTION"),
    # the validation accuracy recorded where the question asks for the training accuracy
    ("q6", 'sweep_train_acc[width] = accuracy(sweep_models[width], *sets["ring"].train)  # SOLUTION',
     'sweep_train_acc[width] = accuracy(sweep_models[width], *sets["ring"].val)  # SOLUTION'),
    ("q7", "smallest_width = min(w for w in WIDTHS if sweep_train_acc[w] >= SEPARATED)  # SOLUTION",
     "smallest_width = max(w for w in WIDTHS if sweep_train_acc[w] >= SEPARATED)  # SOLUTION"),
    # the pre-activation: tanh forgotten
    ("q8", "return np.tanh(X @ W + b)  # SOLUTION", "return X @ W + b  # SOLUTION"),
    # 3 units per layer: not the 2-unit stack of the lecture's claim
    ("q9", 'return models.binary_classifier(2, (2,) * depth, "tanh", seed=seed)  # SOLUTION',
     'return models.binary_classifier(2, (3,) * depth, "tanh", seed=seed)  # SOLUTION'),
    # the activation argument ignored
    ("q10", "model = models.binary_classifier(2, hidden_units, activation, seed=seed)",
     'model = models.binary_classifier(2, hidden_units, "tanh", seed=seed)'),
]

# Answers that call the reference the question forbids: each question must score 0.
CHEATS = [
    # scikit-learn's degree-2 features, columns reordered
    ("q3", "    return np.c_[X, X**2, X[:, 0] * X[:, 1]]  # SOLUTION",
     "    from sklearn.preprocessing import PolynomialFeatures\n"
     "    return PolynomialFeatures(degree=2, include_bias=False).fit_transform(X)[:, [0, 1, 2, 4, 3]]  # SOLUTION"),
    # a probe model that outputs the hidden layer, instead of tanh(X W + b) by hand
    ("q8", '    W, b = model.get_layer("hidden1").get_weights()  # SOLUTION\n'
     "    return np.tanh(X @ W + b)  # SOLUTION\n",
     '    probe = keras.Model(model.inputs[0], model.get_layer("hidden1").output)  # SOLUTION\n'
     "    return np.asarray(probe(X))  # SOLUTION\n"),
]

# Wrong answers a student with the section's misconception would write: the question's
# public checks alone must fail each one.
PUBLIC = [
    # q1: the lecture's neuron is a sigmoid unit with a bias
    ("q1", 'unit = keras.layers.Dense(1, activation="sigmoid")  # SOLUTION',
     'unit = keras.layers.Dense(1, activation="relu")  # SOLUTION'),
    ("q1", 'unit = keras.layers.Dense(1, activation="sigmoid")  # SOLUTION',
     "unit = keras.layers.Dense(1)  # SOLUTION"),  # no activation: a score, not a probability
    ("q1", 'unit = keras.layers.Dense(1, activation="sigmoid")  # SOLUTION',
     'unit = keras.layers.Dense(2, activation="softmax")  # SOLUTION'),  # two-class softmax
    ("q1", 'unit = keras.layers.Dense(1, activation="sigmoid")  # SOLUTION',
     'unit = keras.layers.Dense(1, activation="sigmoid", use_bias=False)  # SOLUTION'),  # no w3
    # q2: accuracy measured on the wrong split, or one model shared by both datasets
    ("q2", "val_acc[name] = accuracy(neurons[name], *sets[name].val)  # SOLUTION",
     "val_acc[name] = accuracy(neurons[name], *sets[name].train)  # SOLUTION"),
    ("q2", "val_acc[name] = accuracy(neurons[name], *sets[name].val)  # SOLUTION",
     "val_acc[name] = accuracy(neurons[name], *sets[name].test)  # SOLUTION"),
    ("q2", "neurons[name] = fit(models.binary_classifier(seed=0), *sets[name].train)  # SOLUTION",
     'neurons[name] = fit(neurons["blobs"] if neurons else models.binary_classifier(seed=0), '
     "*sets[name].train)  # SOLUTION"),
    ("q2", "val_acc[name] = accuracy(neurons[name], *sets[name].val)  # SOLUTION",  # logit's threshold
     "val_acc[name] = float(np.mean((np.asarray(neurons[name](sets[name].val[0])).ravel() > 0)"
     " == sets[name].val[1]))  # SOLUTION"),
    # q3: the wrong features, the wrong order, or an answer for the example only
    ("q3", "return np.c_[X, X**2, X[:, 0] * X[:, 1]]  # SOLUTION",
     "return np.c_[X, X**2, X[:, 0] + X[:, 1]]  # SOLUTION"),
    ("q3", "return np.c_[X, X**2, X[:, 0] * X[:, 1]]  # SOLUTION",
     "return np.c_[X, X[:, 0] * X[:, 1], X**2]  # SOLUTION"),
    ("q3", "return np.c_[X, X**2, X[:, 0] * X[:, 1]]  # SOLUTION",
     "return np.c_[X, 2 * X, X[:, 0] * X[:, 1]]  # SOLUTION"),
    ("q3", "return np.c_[X, X**2, X[:, 0] * X[:, 1]]  # SOLUTION",
     "return np.c_[X, X**2]  # SOLUTION"),
    ("q3", "return np.c_[X, X**2, X[:, 0] * X[:, 1]]  # SOLUTION",
     "return np.array([[1.0, 2.0, 1.0, 4.0, 2.0], [-3.0, 0.5, 9.0, 0.25, -1.5]])  # SOLUTION"),
    # q4: validation accuracy on the training features, raw inputs, or no training
    ("q4", "val_acc_t[name] = accuracy(neurons_t[name], transform(X_val), y_val)  # SOLUTION",
     "val_acc_t[name] = accuracy(neurons_t[name], transform(X_train), y_train)  # SOLUTION"),
    ("q4", "model = models.binary_classifier(input_dim=5, seed=0)  # SOLUTION\n"
     "    neurons_t[name] = fit(model, transform(X_train), y_train)  # SOLUTION\n"
     "    val_acc_t[name] = accuracy(neurons_t[name], transform(X_val), y_val)  # SOLUTION",
     "model = models.binary_classifier(seed=0)  # SOLUTION\n"
     "    neurons_t[name] = fit(model, X_train, y_train)  # SOLUTION\n"
     "    val_acc_t[name] = accuracy(neurons_t[name], X_val, y_val)  # SOLUTION"),
    ("q4", "neurons_t[name] = fit(model, transform(X_train), y_train)  # SOLUTION",
     "neurons_t[name] = model  # SOLUTION"),
    # q5: the arguments ignored
    ("q5", "return models.binary_classifier(2, (width,), activation, seed=seed)  # SOLUTION",
     'return models.binary_classifier(2, (width,), "tanh", seed=seed)  # SOLUTION'),
    ("q5", "return models.binary_classifier(2, (width,), activation, seed=seed)  # SOLUTION",
     "return models.binary_classifier(2, (width,), activation, seed=0)  # SOLUTION"),
    ("q5", "return models.binary_classifier(2, (width,), activation, seed=seed)  # SOLUTION",
     "return models.binary_classifier(2, (3,), activation, seed=seed)  # SOLUTION"),
    ("q5", "return models.binary_classifier(2, (width,), activation, seed=seed)  # SOLUTION",
     "return models.binary_classifier(2, (width,), seed=seed)  # SOLUTION"),  # Keras's relu default
    ("q5", "return models.binary_classifier(2, (width,), activation, seed=seed)  # SOLUTION",
     "return models.binary_classifier(2, (width, width), activation, seed=seed)  # SOLUTION"),
    # q6: the records are not the training accuracies of trained models
    ("q6", 'sweep_train_acc[width] = accuracy(sweep_models[width], *sets["ring"].train)  # SOLUTION',
     'sweep_train_acc[width] = accuracy(sweep_models[width], *sets["ring"].val)  # SOLUTION'),
    ("q6", 'sweep_train_acc[width] = accuracy(sweep_models[width], *sets["ring"].train)  # SOLUTION',
     'sweep_train_acc[width] = 100 * accuracy(sweep_models[width], *sets["ring"].train)  # SOLUTION'),
    ("q6", 'sweep_models[width] = fit(hidden_classifier(width), *sets["ring"].train)  # SOLUTION',
     "sweep_models[width] = hidden_classifier(width)  # SOLUTION"),
    # q7: a decision that does not follow from the records
    ("q7", "smallest_width = min(w for w in WIDTHS if sweep_train_acc[w] >= SEPARATED)  # SOLUTION",
     "smallest_width = max(w for w in WIDTHS if sweep_train_acc[w] >= SEPARATED)  # SOLUTION"),
    ("q7", "smallest_width = min(w for w in WIDTHS if sweep_train_acc[w] >= SEPARATED)  # SOLUTION",
     "smallest_width = min(w for w in WIDTHS if sweep_train_acc[w] > 0.5)  # SOLUTION"),
    ("q7", "smallest_width = min(w for w in WIDTHS if sweep_train_acc[w] >= SEPARATED)  # SOLUTION",
     "smallest_width = WIDTHS[0]  # SOLUTION"),
    ("q7", "smallest_width = min(w for w in WIDTHS if sweep_train_acc[w] >= SEPARATED)  # SOLUTION",
     "smallest_width = 8  # SOLUTION"),
    # q8: the hidden layer's output is tanh(X W + b) of layer hidden1
    ("q8", "return np.tanh(X @ W + b)  # SOLUTION", "return X @ W + b  # SOLUTION"),
    ("q8", "return np.tanh(X @ W + b)  # SOLUTION", "return np.tanh(X @ W)  # SOLUTION"),
    ("q8", "return np.tanh(X @ W + b)  # SOLUTION", "return np.maximum(X @ W + b, 0)  # SOLUTION"),
    ("q8", "return np.tanh(X @ W + b)  # SOLUTION",
     "return 1 / (1 + np.exp(-(X @ W + b)))  # SOLUTION"),
    ("q8", 'W, b = model.get_layer("hidden1").get_weights()  # SOLUTION',
     'W, b = model.get_layer("output").get_weights()  # SOLUTION'),
    # q9: not a stack of `depth` layers of 2 tanh units, or the wrong records
    ("q9", 'return models.binary_classifier(2, (2,) * depth, "tanh", seed=seed)  # SOLUTION',
     'return models.binary_classifier(2, (3,) * depth, "tanh", seed=seed)  # SOLUTION'),
    ("q9", 'return models.binary_classifier(2, (2,) * depth, "tanh", seed=seed)  # SOLUTION',
     'return models.binary_classifier(2, (2,) * (depth + 1), "tanh", seed=seed)  # SOLUTION'),
    ("q9", 'return models.binary_classifier(2, (2,) * depth, "tanh", seed=seed)  # SOLUTION',
     'return models.binary_classifier(2, (2 * depth,), "tanh", seed=seed)  # SOLUTION'),
    ("q9", 'narrow_train_acc[depth] = accuracy(narrow_models[depth], *sets["ring"].train)  # SOLUTION',
     'narrow_train_acc[depth] = accuracy(narrow_models[depth], *sets["ring"].val)  # SOLUTION'),
    # q10: the arguments ignored, or the training accuracy returned
    ("q10", "model = models.binary_classifier(2, hidden_units, activation, seed=seed)",
     'model = models.binary_classifier(2, hidden_units, "tanh", seed=seed)'),
    ("q10", "return model, accuracy(model, *splits.val)",
     "return model, accuracy(model, *splits.train)"),
    ("q10", "splits = data.load(dataset, seed=seed)", 'splits = data.load("ring", seed=seed)'),
    ("q10", "splits = data.load(dataset, seed=seed)", "splits = data.load(dataset)"),
]
