"""Notebook 07's deliberately wrong submission: (question, right line, wrong line)."""

WRONG = [
    # standardises the validation images with their own statistics instead of the training set's
    ("q1", "X_val_std = augment.legacy_standardize(gen, X_val)  # SOLUTION",
     "X_val_std = (X_val - X_val.mean()) / X_val.std()  # SOLUTION"),
    # the slide's probability for the top-bottom flip is 0.3
    ("q2", "pipeline.flip_top_bottom(probability=0.3)  # SOLUTION",
     "pipeline.flip_top_bottom(probability=0.5)  # SOLUTION"),
    # RandomRotation takes a fraction of a full turn, not degrees
    ("q3", "keras.layers.RandomRotation(20 / 360, fill_mode=\"nearest\", seed=0),",
     "keras.layers.RandomRotation(20, fill_mode=\"nearest\", seed=0),"),
    # counts batches instead of images
    ("q4", "num_images += len(next(iterator)[0])", "num_images += 1 + 0 * len(next(iterator)[0])"),
    # a mirror image instead of a rotation
    ("q5", "return np.asarray(X)[:, ::-1, ::-1]  # SOLUTION", "return np.asarray(X)[:, :, ::-1]  # SOLUTION"),
    # noise power from the amplitude instead of the power: the wrong SNR
    ("q6", "wanted = np.mean(x ** 2) / 10 ** (snr_db / 10)  # SOLUTION",
     "wanted = np.mean(np.abs(x)) / 10 ** (snr_db / 10)  # SOLUTION"),
    # mirror images of digits: no digits at all (section 6)
    ("q8", "zoom=0.1, seed=0)  # SOLUTION", "zoom=0.1, horizontal_flip=True, seed=0)  # SOLUTION"),
]
