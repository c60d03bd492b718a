"""Notebook 07's deliberately wrong submission: (question, right line, wrong line)."""

WRONG = [
    # standardises the validation images with their own statistics instead of the training set's
    ("q1", "X_val_std = augment.legacy_standardize(gen, X_val)  # SOLUTION",
     "X_val_std = (X_val - X_val.mean()) / X_val.std()  # SOLUTION"),
    # the slide's probability for the top-bottom flip is 0.3
    ("q2", "pipeline.flip_top_bottom(probability=0.3)  # SOLUTION",
     "pipeline.flip_top_bottom(probability=0.5)  # SOLUTION"),
    # RandomRotation takes a fraction of a full turn: 0.2 (the shifts' number) is 72 degrees
    # (20, the degrees, raises in Keras 3: factors must lie in [-1, 1])
    ("q3", "keras.layers.RandomRotation(20 / 360, fill_mode=\"nearest\", seed=0),",
     "keras.layers.RandomRotation(0.2, fill_mode=\"nearest\", seed=0),"),
    # counts batches instead of images
    ("q4", "num_images += len(next(iterator)[0])", "num_images += 1 + 0 * len(next(iterator)[0])"),
    # a mirror image instead of a rotation
    ("q5", "return np.asarray(X)[:, ::-1, ::-1]  # SOLUTION", "return np.asarray(X)[:, :, ::-1]  # SOLUTION"),
    # noise that is never clipped: values outside [0, 1] that no photo has
    ("q6", "return np.clip(image + rng.normal(0, sigma, image.shape), 0, 1)  # SOLUTION",
     "return image + rng.normal(0, sigma, image.shape)  # SOLUTION"),
    # flips the image but leaves the box where it was
    ("q7", "new_box = (width - x_max, y_min, width - x_min, y_max)  # SOLUTION",
     "new_box = (x_min, y_min, x_max, y_max)  # SOLUTION"),
    # noise power from the amplitude instead of the power: the wrong SNR
    ("q8", "wanted = np.mean(x ** 2) / 10 ** (snr_db / 10)  # SOLUTION",
     "wanted = np.mean(np.abs(x)) / 10 ** (snr_db / 10)  # SOLUTION"),
    # mirror images of digits: no digits at all (section 6)
    ("q10", "zoom=0.1, seed=0)  # SOLUTION", "zoom=0.1, horizontal_flip=True, seed=0)  # SOLUTION"),
    # accuracies measured on the training digits, which every candidate fits
    ("q11", "model(X_aug_val, training=False)).argmax(1) == y_aug_val))  # SOLUTION",
     "model(X_aug, training=False)).argmax(1) == y_aug))  # SOLUTION"),
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
    # SciPy's filter, the reference of the blur check
    ("q6", "    pad = k // 2\n    padded = np.pad(image, ((pad, pad), (pad, pad), (0, 0)), mode=\"edge\")\n",
     "    import scipy.ndimage\n"
     "    return scipy.ndimage.uniform_filter(image, size=(k, k, 1), mode=\"nearest\")\n"),
    # NumPy's flip instead of indexing
    ("q7", "    return np.asarray(image)[:, ::-1], new_box, new_label  # SOLUTION",
     "    return np.flip(np.asarray(image), axis=1), new_box, new_label  # SOLUTION"),
    # the course's audio augmentation through an alias of the module
    ("q8", "    out = np.zeros_like(x)\n    if shift >= 0:\n        out[shift:] = x[:len(x) - shift]\n"
     "    else:\n        out[:shift] = x[-shift:]\n    return out\n",
     "    audio = augment.audio\n    return audio.time_shift(x, shift)\n"),
    # the course's text augmentations: through the notebook's own `text = augment.text`,
    # and fetched with getattr
    ("q9", "    return \"\".join(text.OCR_SWAPS.get(c, c) for c in s)  # SOLUTION",
     "    return text.ocr_errors(s, p=1.0)  # SOLUTION"),
    ("q9", "    out = []\n    for c in s:\n        near = text.KEYBOARD_NEIGHBOURS.get(c.lower())\n"
     "        if near and rng.random() < p:\n            new = near[rng.integers(len(near))]\n"
     "            c = new.upper() if c.isupper() else new\n        out.append(c)\n"
     "    return \"\".join(out)\n",
     "    return getattr(augment.text, \"keyboard_typos\")(s, p=p, seed=rng)\n"),
]

# Answers a student with the section's misconception would write: the question's public
# checks alone must fail each of them (tests/public_cases.py).
_Q1_VAL = "X_val_std = augment.legacy_standardize(gen, X_val)  # SOLUTION"
_Q1_FLOW = "train_flow = augment.legacy_flow(gen, X_small, y_small, batch_size=32, seed=0)  # SOLUTION"
_Q2_TB = "pipeline.flip_top_bottom(probability=0.3)  # SOLUTION"
_Q3_ROTATION = "keras.layers.RandomRotation(20 / 360, fill_mode=\"nearest\", seed=0),"
_Q3_DATA = ("layers_train = data.as_dataset(X_small[..., None], y_small, batch_size=32, shuffle=True, "
            "augment=keras_augment)  # SOLUTION")
_Q4 = "num_images += len(next(iterator)[0])"
_Q5 = "return np.asarray(X)[:, ::-1, ::-1]  # SOLUTION"
_Q5_RATE = "switch_6 = report.per_class[6]  # SOLUTION"
_Q6_NOISE = "return np.clip(image + rng.normal(0, sigma, image.shape), 0, 1)  # SOLUTION"
_Q6_MEAN = "mean = image.mean(axis=(0, 1), keepdims=True)  # SOLUTION"
_Q6_CONTRAST = "return np.clip((image - mean) * factor + mean, 0, 1)  # SOLUTION"
_Q6_GREY = "grey = (image @ GREY_WEIGHTS)[..., None]  # SOLUTION"
_Q6_PAD = 'padded = np.pad(image, ((pad, pad), (pad, pad), (0, 0)), mode="edge")'
_Q7_BOX = "new_box = (width - x_max, y_min, width - x_min, y_max)  # SOLUTION"
_Q7_LABEL = "new_label = MIRRORED_LABEL.get(label, label)  # SOLUTION"
_Q7_IMAGE = "return np.asarray(image)[:, ::-1], new_box, new_label  # SOLUTION"
_Q8_SHIFT = "        out[:shift] = x[-shift:]\n"
_Q8_NOISE = "return x + noise * np.sqrt(wanted / np.mean(noise ** 2))  # SOLUTION"
_Q9_OCR = "return \"\".join(text.OCR_SWAPS.get(c, c) for c in s)  # SOLUTION"
_Q9_CASE = "            c = new.upper() if c.isupper() else new\n"
_Q9_P = "        if near and rng.random() < p:\n"
_Q10 = ('digit_augment = augment.layers_pipeline("none", rotation=10, width_shift=0.125, '
        'height_shift=0.125, zoom=0.1, seed=0)  # SOLUTION')
_Q11_DATA = "model(X_aug_val, training=False)).argmax(1) == y_aug_val))  # SOLUTION"
_Q11 = "keep = max(val_accuracy, key=val_accuracy.get)  # SOLUTION"

PUBLIC = [
    # q1 (the example): validation standardised with its own statistics; not at all;
    # the generator fitted on the validation images; a batch size of 64
    ("q1", _Q1_VAL, "X_val_std = (X_val - X_val.mean()) / X_val.std()  # SOLUTION"),
    ("q1", _Q1_VAL, "X_val_std = X_val / 255  # SOLUTION"),
    ("q1", _Q1_FLOW, "train_flow = augment.legacy_flow(gen, X_val, y_val, batch_size=32, seed=0)  # SOLUTION"),
    ("q1", _Q1_FLOW, "train_flow = augment.legacy_flow(gen, X_small, y_small, batch_size=64, seed=0)  # SOLUTION"),
    ("q1", "rotation_range=20, width_shift_range=0.2,", "rotation_range=20 / 360, width_shift_range=0.2,"),
    # q2: a probability, the slide's 120 x 120, the two rotations swapped, another crop
    ("q2", _Q2_TB, "pipeline.flip_top_bottom(probability=0.5)  # SOLUTION"),
    ("q2", "pipeline.resize(probability=1.0, width=28, height=28)  # SOLUTION",
     "pipeline.resize(probability=1.0, width=120, height=120)  # SOLUTION"),
    ("q2", "pipeline.rotate90(probability=0.5)  # SOLUTION", "pipeline.rotate270(probability=0.5)  # SOLUTION"),
    ("q2", "pipeline.crop_random(probability=1, percentage_area=0.5)  # SOLUTION",
     "pipeline.crop_random(probability=1, percentage_area=0.8)  # SOLUTION"),
    # q3: the shifts' 0.2 as the rotation (72 degrees), the layers' default fill mode, no
    # channel axis, the layers never applied
    ("q3", _Q3_ROTATION, "keras.layers.RandomRotation(0.2, fill_mode=\"nearest\", seed=0),"),
    ("q3", _Q3_ROTATION, "keras.layers.RandomRotation(20 / 360, seed=0),"),
    ("q3", _Q3_DATA, "layers_train = data.as_dataset(X_small, y_small, batch_size=32, shuffle=True, "
                     "augment=keras_augment)  # SOLUTION"),
    ("q3", _Q3_DATA, "layers_train = data.as_dataset(X_small[..., None], y_small, batch_size=32, "
                     "shuffle=True)  # SOLUTION"),
    # q4: batches instead of images, the tuple's length, one batch too many, the clock started
    # after the first batch
    ("q4", _Q4, "num_images += 1 + 0 * len(next(iterator)[0])"),
    ("q4", _Q4, "num_images += len(next(iterator))"),
    ("q4", "    for _ in range(num_batches):\n", "    for _ in range(num_batches + 1):\n"),
    ("q4", "    start = time.perf_counter()\n    num_images = 0\n    for _ in range(num_batches):\n",
     "    num_images = len(next(iterator)[0])\n    start = time.perf_counter()\n"
     "    for _ in range(num_batches - 1):\n"),
    # q5: a mirror, upside down only, the batch axis reversed, the channels reversed, the
    # overall rate instead of the 6s', the kept fraction instead of the switched, the training digits
    ("q5", _Q5, "return np.asarray(X)[:, :, ::-1]  # SOLUTION"),
    ("q5", _Q5, "return np.asarray(X)[:, ::-1]  # SOLUTION"),
    ("q5", _Q5, "return np.asarray(X)[::-1, ::-1]  # SOLUTION"),
    ("q5", _Q5, "return np.asarray(X)[..., ::-1, ::-1]  # SOLUTION"),
    ("q5", _Q5_RATE, "switch_6 = report.rate  # SOLUTION"),
    ("q5", _Q5_RATE, "switch_6 = 1 - report.per_class[6]  # SOLUTION"),
    ("q5", "report = augment.label_switch_rate(digit_model, X_digits_test, y_digits_test, rotate_180,",
     "report = augment.label_switch_rate(digit_model, X_digits, y_digits, rotate_180,"),
    # q6: no clipping, sigma as a variance, NumPy's global generator; contrast around 0 or the
    # mean of all channels; grey as the plain mean; blur padded with zeros
    ("q6", _Q6_NOISE, "return image + rng.normal(0, sigma, image.shape)  # SOLUTION"),
    ("q6", _Q6_NOISE, "return np.clip(image + rng.normal(0, sigma ** 2, image.shape), 0, 1)  # SOLUTION"),
    ("q6", _Q6_NOISE, "return np.clip(image + np.random.normal(0, sigma, image.shape), 0, 1)  # SOLUTION"),
    ("q6", _Q6_CONTRAST, "return np.clip(image * factor, 0, 1)  # SOLUTION"),
    ("q6", _Q6_MEAN, "mean = image.mean()  # SOLUTION"),
    ("q6", _Q6_CONTRAST, "return (image - mean) * factor + mean  # SOLUTION"),
    ("q6", _Q6_GREY, "grey = image.mean(axis=2, keepdims=True)  # SOLUTION"),
    ("q6", _Q6_PAD, "padded = np.pad(image, ((pad, pad), (pad, pad), (0, 0)))"),
    # q7: the box left behind, pixel indices (W - 1 - x), the edges not swapped (x_min > x_max),
    # the label left behind, the image flipped upside down
    ("q7", _Q7_BOX, "new_box = (x_min, y_min, x_max, y_max)  # SOLUTION"),
    ("q7", _Q7_BOX, "new_box = (width - 1 - x_max, y_min, width - 1 - x_min, y_max)  # SOLUTION"),
    ("q7", _Q7_BOX, "new_box = (width - x_min, y_min, width - x_max, y_max)  # SOLUTION"),
    ("q7", _Q7_LABEL, "new_label = label  # SOLUTION"),
    ("q7", _Q7_LABEL, "new_label = MIRRORED_LABEL[label]  # SOLUTION"),
    ("q7", _Q7_IMAGE, "return np.asarray(image)[::-1], new_box, new_label  # SOLUTION"),
    # q8: a circular shift (np.roll), negative shifts mishandled, the noise left unscaled, the
    # SNR in amplitude decibels
    ("q8", "    out = np.zeros_like(x)\n    if shift >= 0:\n",
     "    return np.roll(x, shift)\n    out = np.zeros_like(x)\n    if shift >= 0:\n"),
    ("q8", _Q8_SHIFT, "        out[:shift] = x[:shift]\n"),
    ("q8", _Q8_NOISE, "return x + noise * np.sqrt(wanted)  # SOLUTION"),
    ("q8", "wanted = np.mean(x ** 2) / 10 ** (snr_db / 10)  # SOLUTION",
     "wanted = np.mean(x ** 2) / 10 ** (snr_db / 20)  # SOLUTION"),
    # q9: look-alikes for lower-case keys only (B is a key, b is not), the case lost, p ignored
    ("q9", _Q9_OCR, "return \"\".join(text.OCR_SWAPS.get(c.lower(), c) for c in s)  # SOLUTION"),
    ("q9", _Q9_CASE, "            c = new\n"),
    ("q9", _Q9_P, "        if near:\n"),
    # q10: mirror images of digits, degrees as a fraction of a turn, shifts in pixels
    ("q10", _Q10, 'digit_augment = augment.layers_pipeline("none", rotation=10, width_shift=0.125, '
                  'height_shift=0.125, zoom=0.1, horizontal_flip=True, seed=0)  # SOLUTION'),
    ("q10", _Q10, 'digit_augment = augment.layers_pipeline("none", rotation=10 / 360, width_shift=0.125, '
                  'height_shift=0.125, zoom=0.1, seed=0)  # SOLUTION'),
    ("q10", _Q10, 'digit_augment = augment.layers_pipeline("none", rotation=10, width_shift=1, '
                  'height_shift=1, zoom=0.1, seed=0)  # SOLUTION'),
    # q11: accuracies on the test or training digits, the most augmentation, the worst, the
    # accuracy instead of the name
    ("q11", _Q11_DATA, "model(X_digits_test, training=False)).argmax(1) == y_digits_test))  # SOLUTION"),
    ("q11", _Q11_DATA, "model(X_aug, training=False)).argmax(1) == y_aug))  # SOLUTION"),
    ("q11", _Q11, "keep = \"small transforms + mirror\"  # SOLUTION"),
    ("q11", _Q11, "keep = min(val_accuracy, key=val_accuracy.get)  # SOLUTION"),
    ("q11", _Q11, "keep = max(val_accuracy.values())  # SOLUTION"),
]
