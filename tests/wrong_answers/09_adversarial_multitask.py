"""Notebook 09's deliberately wrong submission: (question, right line, wrong line)."""

WRONG = [
    ("q1", "return tf.clip_by_value(x + eps * tf.sign(gradient), 0.0, 1.0)  # SOLUTION",
     "return tf.clip_by_value(x - eps * tf.sign(gradient), 0.0, 1.0)  # SOLUTION"),
    ("q5", 'category = keras.layers.Dense(10, activation="softmax", name="category")(x)  # SOLUTION',
     'category = keras.layers.Dense(10, activation="softmax", name="category")(inputs)  # SOLUTION'),
    ("q6", "return n_in * n_out + n_out  # SOLUTION", "return n_in * n_out  # SOLUTION"),
]

# Answers that call the reference the question forbids: each question must score 0.
CHEATS = [
    # the course's reference model itself
    ("q5", "x = keras.layers.Flatten()(inputs)  # SOLUTION\n"
     "x = keras.layers.Dense(64, activation=\"relu\")(x)  # SOLUTION\n"
     "x = keras.layers.Dense(64, activation=\"relu\")(x)  # SOLUTION\n"
     "category = keras.layers.Dense(10, activation=\"softmax\", name=\"category\")(x)  # SOLUTION\n"
     "footwear = keras.layers.Dense(2, activation=\"softmax\", name=\"footwear\")(x)  # SOLUTION\n"
     "multitask_model = keras.Model(inputs, {\"category\": category, \"footwear\": footwear}, name=\"multitask\")",
     "multitask_model = models.multitask((28, 28), trunk_units=(64, 64), num_classes_a=10, num_classes_b=2,\n"
     "                                   output_names=(\"category\", \"footwear\"))"),
    # a Dense layer's count_params(), through `from keras import layers as L`
    ("q6", "    return n_in * n_out + n_out  # SOLUTION",
     "    from keras import layers as L\n    layer = L.Dense(n_out)\n    layer.build((None, n_in))\n"
     "    return layer.count_params()  # SOLUTION"),
]
