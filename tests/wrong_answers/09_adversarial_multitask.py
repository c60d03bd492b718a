"""Notebook 09's deliberately wrong submission: (question, right line, wrong line)."""

WRONG = [
    ("q1", "return tf.clip_by_value(x + eps * tf.sign(gradient), 0.0, 1.0)  # SOLUTION",
     "return tf.clip_by_value(x - eps * tf.sign(gradient), 0.0, 1.0)  # SOLUTION"),
    ("q5", 'category = keras.layers.Dense(10, activation="softmax", name="category")(x)  # SOLUTION',
     'category = keras.layers.Dense(10, activation="softmax", name="category")(inputs)  # SOLUTION'),
    ("q6", "return n_in * n_out + n_out  # SOLUTION", "return n_in * n_out  # SOLUTION"),
]
