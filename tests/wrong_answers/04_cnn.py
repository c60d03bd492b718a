"""Notebook 04's deliberately wrong submission: (question, right line, wrong line)."""

WRONG = [
    # padding counted on one side only
    ("q1", "return (n + 2 * p - k) // s + 1  # SOLUTION",
     "return (n + p - k) // s + 1  # SOLUTION"),
    # a true convolution (flipped kernel) is not what Conv2D computes
    ("q2", "out[i, j] = np.tensordot(image[i:i + kh, j:j + kw, :], kernel, axes=3) + bias",
     "out[i, j] = np.tensordot(image[i:i + kh, j:j + kw, :], kernel[::-1, ::-1], axes=3) + bias"),
    # C3 with 3x3 instead of 5x5 filters: wrong shapes and parameter counts from C3 on
    ("q3", 'keras.layers.Conv2D(16, 5, activation="relu"),',
     'keras.layers.Conv2D(16, 3, activation="relu"),'),
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
    # the course's reference model, its layers copied into the notebook's Sequential
    ("q3", "    return keras.Sequential([\n        keras.Input((28, 28, 1)),\n"
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
    ("q6", "    x = image[None].astype(\"float32\")\n    for layer in model.layers[:index + 1]:\n"
     "        x = layer(x)\n    return keras.ops.convert_to_numpy(x)[0]\n",
     "    probe = getattr(keras, \"Model\")(model.inputs[0], model.layers[index].output)\n"
     "    return keras.ops.convert_to_numpy(probe(image[None].astype(\"float32\")))[0]\n"),
]
