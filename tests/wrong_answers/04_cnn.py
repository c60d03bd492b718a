"""Notebook 04's deliberately wrong submission: (question, right line, wrong line)."""

WRONG = [
    # padding counted on one side only
    ("q1", "return (n + 2 * p - k) // s + 1  # SOLUTION",
     "return (n + p - k) // s + 1  # SOLUTION"),
    # a true convolution (flipped kernel) is not what Conv2D computes
    ("q2", "out[i, j] = np.tensordot(image[i:i + kh, j:j + kw, :], kernel, axes=3) + bias",
     "out[i, j] = np.tensordot(image[i:i + kh, j:j + kw, :], kernel[::-1, ::-1], axes=3) + bias"),
    # average pooling where max pooling was asked for
    ("q3", "out[i, j] = maps[i * s:i * s + k, j * s:j * s + k].max(axis=(0, 1))",
     "out[i, j] = maps[i * s:i * s + k, j * s:j * s + k].mean(axis=(0, 1))"),
    # C3 with 3x3 instead of 5x5 filters: wrong shapes and parameter counts from C3 on
    ("q4", 'keras.layers.Conv2D(16, 5, activation="relu"),',
     'keras.layers.Conv2D(16, 3, activation="relu"),'),
    # the epoch counted from 0
    ("q6", "chosen_epoch = int(np.argmax(val_curves[chosen])) + 1  # SOLUTION",
     "chosen_epoch = int(np.argmax(val_curves[chosen]))  # SOLUTION"),
    # the validation accuracy reported as the test accuracy
    ("q7", "mlp_test_acc = mlp_model.evaluate(X_test, y_test, verbose=0)[1]  # SOLUTION",
     "mlp_test_acc = mlp_model.evaluate(X_val, y_val, verbose=0)[1]  # SOLUTION"),
]

# Answers that call the reference the question forbids: each question must score 0.
CHEATS = [
    # Conv2D imported under another name, and its count_params()
    ("q1", "    return (k * k * c_in + 1) * c_out  # SOLUTION",
     "    from keras.layers import Conv2D as C\n    layer = C(c_out, k)\n"
     "    layer.build((None, k, k, c_in))\n    return layer.count_params()  # SOLUTION"),
    # keras.ops.conv through an alias
    ("q2", "    H, W, _ = image.shape\n    kh, kw, _, c_out = kernel.shape\n"
     "    out = np.zeros((H - kh + 1, W - kw + 1, c_out))\n    for i in range(H - kh + 1):\n"
     "        for j in range(W - kw + 1):\n"
     "            out[i, j] = np.tensordot(image[i:i + kh, j:j + kw, :], kernel, axes=3) + bias\n"
     "    return out\n",
     "    conv = keras.ops.conv\n"
     "    out = conv(image[None].astype(\"float32\"), kernel.astype(\"float32\"), padding=\"valid\")\n"
     "    return keras.ops.convert_to_numpy(out)[0] + bias\n"),
    # Keras's own pooling layer, imported under another name
    ("q3", "    H, W, C = maps.shape\n    out = np.zeros(((H - k) // s + 1, (W - k) // s + 1, C))\n"
     "    for i in range(out.shape[0]):\n        for j in range(out.shape[1]):\n"
     "            out[i, j] = maps[i * s:i * s + k, j * s:j * s + k].max(axis=(0, 1))\n"
     "    return out\n",
     "    from keras.layers import MaxPooling2D as P\n"
     "    return keras.ops.convert_to_numpy(P(k, strides=s)(maps[None]))[0]\n"),
    # the course's reference model, its layers copied into the notebook's Sequential
    ("q4", "    return keras.Sequential([\n        keras.Input((28, 28, 1)),\n"
     "        keras.layers.Rescaling(1 / 255),  # pixels 0..255 -> 0..1\n        # BEGIN SOLUTION\n"
     "        keras.layers.Conv2D(6, 5, padding=\"same\", activation=\"relu\"),\n"
     "        keras.layers.MaxPooling2D(2),\n"
     "        keras.layers.Conv2D(16, 5, activation=\"relu\"),\n"
     "        keras.layers.MaxPooling2D(2),\n        keras.layers.Flatten(),\n"
     "        keras.layers.Dense(120, activation=\"relu\"),\n"
     "        keras.layers.Dense(84, activation=\"relu\"),\n"
     "        keras.layers.Dense(10, activation=\"softmax\"),\n        # END SOLUTION\n"
     "    ], name=\"lenet5\")\n",
     "    return keras.Sequential(models.lenet5().layers, name=\"lenet5\")\n"),
    # a probe model, the class fetched with getattr
    ("q8", "    x = image[None].astype(\"float32\")\n    for layer in model.layers[:index + 1]:\n"
     "        x = layer(x)\n    return keras.ops.convert_to_numpy(x)[0]\n",
     "    probe = getattr(keras, \"Model\")(model.inputs[0], model.layers[index].output)\n"
     "    return keras.ops.convert_to_numpy(probe(image[None].astype(\"float32\")))[0]\n"),
]

# Wrong answers a student with the section's misconception would write: the question's
# public checks alone must fail each one.
PUBLIC = [
    # q1: padding on one side, stride ignored, true division, ceil, c_in or the bias forgotten
    ("q1", "return (n + 2 * p - k) // s + 1  # SOLUTION", "return (n + p - k) // s + 1  # SOLUTION"),
    ("q1", "return (n + 2 * p - k) // s + 1  # SOLUTION", "return n + 2 * p - k + 1  # SOLUTION"),
    ("q1", "return (n + 2 * p - k) // s + 1  # SOLUTION", "return (n + 2 * p - k) / s + 1  # SOLUTION"),
    ("q1", "return (n + 2 * p - k) // s + 1  # SOLUTION", "return -(-(n + 2 * p - k) // s) + 1  # SOLUTION"),
    ("q1", "return (n + 2 * p - k) // s + 1  # SOLUTION", "return n - k + 1  # SOLUTION"),
    ("q1", "return (k * k * c_in + 1) * c_out  # SOLUTION", "return (k * k + 1) * c_out  # SOLUTION"),
    ("q1", "return (k * k * c_in + 1) * c_out  # SOLUTION", "return k * k * c_in * c_out  # SOLUTION"),
    ("q1", "return (k * k * c_in + 1) * c_out  # SOLUTION", "return k * k * c_in * c_out + 1  # SOLUTION"),
    # q2: the flipped kernel, one input channel only, no bias, kh and kw swapped
    ("q2", "out[i, j] = np.tensordot(image[i:i + kh, j:j + kw, :], kernel, axes=3) + bias",
     "out[i, j] = np.tensordot(image[i:i + kh, j:j + kw, :], kernel[::-1, ::-1], axes=3) + bias"),
    ("q2", "out[i, j] = np.tensordot(image[i:i + kh, j:j + kw, :], kernel, axes=3) + bias",
     "out[i, j] = np.tensordot(image[i:i + kh, j:j + kw, :1], kernel[:, :, :1], axes=3) + bias"),
    ("q2", "out[i, j] = np.tensordot(image[i:i + kh, j:j + kw, :], kernel, axes=3) + bias",
     "out[i, j] = np.tensordot(image[i:i + kh, j:j + kw, :], kernel, axes=3)"),
    ("q2", "    kh, kw, _, c_out = kernel.shape\n", "    kw, kh, _, c_out = kernel.shape\n"),
    # q3: average pooling, over the channels too, the stride or the window size ignored
    ("q3", "out[i, j] = maps[i * s:i * s + k, j * s:j * s + k].max(axis=(0, 1))",
     "out[i, j] = maps[i * s:i * s + k, j * s:j * s + k].mean(axis=(0, 1))"),
    ("q3", "out[i, j] = maps[i * s:i * s + k, j * s:j * s + k].max(axis=(0, 1))",
     "out[i, j] = maps[i * s:i * s + k, j * s:j * s + k].max()"),
    ("q3", "out[i, j] = maps[i * s:i * s + k, j * s:j * s + k].max(axis=(0, 1))",
     "out[i, j] = np.abs(maps[i * s:i * s + k, j * s:j * s + k]).max(axis=(0, 1))"),
    ("q3", "out[i, j] = maps[i * s:i * s + k, j * s:j * s + k].max(axis=(0, 1))",
     "out[i, j] = maps[i * k:i * k + k, j * k:j * k + k].max(axis=(0, 1))"),
    ("q3", "out = np.zeros(((H - k) // s + 1, (W - k) // s + 1, C))",
     "out = np.zeros((H // 2, W // 2, C))"),
    ("q3", "out[i, j] = maps[i * s:i * s + k, j * s:j * s + k].max(axis=(0, 1))",
     "out[i, j] = maps[i * s:i * s + 2, j * s:j * s + 2].max(axis=(0, 1))"),
    # q4: C1 without padding, no activations, average pooling, no softmax
    ("q4", 'keras.layers.Conv2D(6, 5, padding="same", activation="relu"),',
     'keras.layers.Conv2D(6, 5, activation="relu"),'),
    ("q4", 'keras.layers.Conv2D(16, 5, activation="relu"),', "keras.layers.Conv2D(16, 5),"),
    ("q4", 'keras.layers.Dense(10, activation="softmax"),', "keras.layers.Dense(10),"),
    ("q4", 'keras.layers.Dense(84, activation="relu"),', 'keras.layers.Dense(84, activation="tanh"),'),
    ("q4", 'keras.layers.Conv2D(16, 5, activation="relu"),',
     'keras.layers.Conv2D(16, 5, padding="same", activation="relu"),'),
    # q5: a width that misses the parameter budget, or two hidden layers
    ("q5", "hidden_units=(78,), rescale=1 / 255)  # SOLUTION", "hidden_units=(128,), rescale=1 / 255)  # SOLUTION"),
    ("q5", "hidden_units=(78,), rescale=1 / 255)  # SOLUTION", "hidden_units=(70,), rescale=1 / 255)  # SOLUTION"),
    ("q5", "hidden_units=(78,), rescale=1 / 255)  # SOLUTION", "hidden_units=(39, 39), rescale=1 / 255)  # SOLUTION"),
    # q6: training curves, a 0-based epoch, the worse model
    ("q6", 'val_curves = {name: [float(a) for a in h["val_accuracy"]] for name, h in histories.items()}  # SOLUTION',
     'val_curves = {name: [float(a) for a in h["accuracy"]] for name, h in histories.items()}  # SOLUTION'),
    ("q6", "chosen_epoch = int(np.argmax(val_curves[chosen])) + 1  # SOLUTION",
     "chosen_epoch = int(np.argmax(val_curves[chosen]))  # SOLUTION"),
    ("q6", "chosen = max(val_curves, key=lambda name: max(val_curves[name]))  # SOLUTION",
     "chosen = min(val_curves, key=lambda name: max(val_curves[name]))  # SOLUTION"),
    ("q6", "chosen = max(val_curves, key=lambda name: max(val_curves[name]))  # SOLUTION",
     "chosen = max(val_curves)  # SOLUTION"),  # the larger name, not the larger accuracy
    ("q6", 'val_curves = {name: [float(a) for a in h["val_accuracy"]] for name, h in histories.items()}  # SOLUTION',
     'val_curves = {name: [100 * float(a) for a in h["val_accuracy"]] for name, h in histories.items()}  # SOLUTION'),
    # q7: the validation or training accuracy, the loss, a percentage
    ("q7", "mlp_test_acc = mlp_model.evaluate(X_test, y_test, verbose=0)[1]  # SOLUTION",
     "mlp_test_acc = mlp_model.evaluate(X_val, y_val, verbose=0)[1]  # SOLUTION"),
    ("q7", "mlp_test_acc = mlp_model.evaluate(X_test, y_test, verbose=0)[1]  # SOLUTION",
     'mlp_test_acc = histories["MLP"]["val_accuracy"][-1]  # SOLUTION'),
    ("q7", "mlp_test_acc = mlp_model.evaluate(X_test, y_test, verbose=0)[1]  # SOLUTION",
     'mlp_test_acc = histories["MLP"]["accuracy"][-1]  # SOLUTION'),
    ("q7", "lenet_test_acc = lenet.evaluate(X_test, y_test, verbose=0)[1]  # SOLUTION",
     "lenet_test_acc = lenet.evaluate(X_test, y_test, verbose=0)[0]  # SOLUTION"),
    ("q7", "mlp_test_acc = mlp_model.evaluate(X_test, y_test, verbose=0)[1]  # SOLUTION",
     "mlp_test_acc = 100 * mlp_model.evaluate(X_test, y_test, verbose=0)[1]  # SOLUTION"),
    # q8: one layer too few (the Rescaling's output), Rescaling skipped, the batch axis kept
    ("q8", "    for layer in model.layers[:index + 1]:\n", "    for layer in model.layers[:index]:\n"),
    ("q8", "    for layer in model.layers[:index + 1]:\n", "    for layer in model.layers[1:index + 1]:\n"),
    ("q8", "    return keras.ops.convert_to_numpy(x)[0]\n", "    return keras.ops.convert_to_numpy(x)\n"),
    ("q8", "    for layer in model.layers[:index + 1]:\n", "    for layer in model.layers[index:index + 1]:\n"),
]
