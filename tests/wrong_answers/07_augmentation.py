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

# Answers that call the reference the question forbids: each question must score 0.
CHEATS = [
    # the course's lecture preset instead of the six operations
    ("q2", "pipeline = Augmentor.Pipeline()\npipeline.rotate90(probability=0.5)  # SOLUTION\n"
     "pipeline.rotate270(probability=0.5)  # SOLUTION\n"
     "pipeline.flip_left_right(probability=0.8)  # SOLUTION\n"
     "pipeline.flip_top_bottom(probability=0.3)  # SOLUTION\n"
     "pipeline.crop_random(probability=1, percentage_area=0.5)  # SOLUTION\n"
     "pipeline.resize(probability=1.0, width=28, height=28)  # SOLUTION\n",
     "pipeline = augment.augmentor_pipeline(\"lecture\", size=(28, 28))\n"),
    # NumPy's rotation, the reference of the checks
    ("q5", "    return np.asarray(X)[:, ::-1, ::-1]  # SOLUTION",
     "    return np.rot90(np.asarray(X), 2, axes=(1, 2))  # SOLUTION"),
    # the course's audio augmentation through an alias of the module
    ("q6", "    out = np.zeros_like(x)\n    if shift >= 0:\n        out[shift:] = x[:len(x) - shift]\n"
     "    else:\n        out[:shift] = x[-shift:]\n    return out\n",
     "    audio = augment.audio\n    return audio.time_shift(x, shift)\n"),
    # the course's text augmentations: through the notebook's own `text = augment.text`,
    # and fetched with getattr
    ("q7", "    return \"\".join(text.OCR_SWAPS.get(c, c) for c in s)  # SOLUTION",
     "    return text.ocr_errors(s, p=1.0)  # SOLUTION"),
    ("q7", "    out = []\n    for c in s:\n        near = text.KEYBOARD_NEIGHBOURS.get(c.lower())\n"
     "        if near and rng.random() < p:\n            new = near[rng.integers(len(near))]\n"
     "            c = new.upper() if c.isupper() else new\n        out.append(c)\n"
     "    return \"\".join(out)\n",
     "    return getattr(augment.text, \"keyboard_typos\")(s, p=p, seed=rng)\n"),
]
