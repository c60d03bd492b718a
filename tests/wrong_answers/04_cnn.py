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
