"""Notebook 05's deliberately wrong submission: (question, right line, wrong line)."""

WRONG = [
    # not random: the first 60% of each class go to training
    ("q1", "members = rng.permutation(np.flatnonzero(y == c))", "members = np.flatnonzero(y == c)"),
    # underfitting whenever training error exceeds human error at all
    ("q4", "if train - human > tolerance:", "if train - human > 0:"),
    # the slides' verdicts, all "good"
    ("q5", '["underfitting", "overfitting_train", "overfitting_val", "good"]', '["good"] * 4'),
    # the biggest model kept
    ("q6", "chosen_units = min(width for width, width_error in val_errors.items() if width_error <= min(val_errors.values()) + 0.02)",
     "chosen_units = capacities[-1]"),
    # the worst model instead of the best
    ("q7", "best = int(np.argmax(accuracies))  # SOLUTION",
     "best = int(np.argmin(accuracies))  # SOLUTION"),
]

# Answers that call the reference the question forbids: each question must score 0.
CHEATS = [
    # the course's own split, imported under another name, splitting the indices
    ("q1", "    parts = [[], [], []]\n    cuts = np.cumsum(fractions)[:2]\n    for c in np.unique(y):\n"
     "        members = rng.permutation(np.flatnonzero(y == c))\n"
     "        bounds = np.round(cuts * len(members)).astype(int)\n"
     "        for part, piece in zip(parts, np.split(members, bounds)):\n"
     "            part.append(piece)\n"
     "    return tuple(rng.permutation(np.concatenate(part)) for part in parts)\n",
     "    from dlcourse.data import split as course_split\n"
     "    parts = course_split(np.arange(len(y)), np.asarray(y), fractions, seed=seed)\n"
     "    return tuple(idx for idx, _ in parts)\n"),
    # the reference the checks compare with, fetched with getattr
    ("q4", "    if train - human > tolerance:\n        return \"underfitting\"\n"
     "    if val - train > tolerance:\n        return \"overfitting_train\"\n"
     "    if test is not None and test - val > tolerance:\n        return \"overfitting_val\"\n"
     "    return \"good\"\n",
     "    diagnose = getattr(methodology, \"diagnose\")\n"
     "    return diagnose(human, train, val, test, tolerance=tolerance).verdict\n"),
    # the slide's tables through methodology.diagnose
    ("q5", "slide_verdicts = [\"underfitting\", \"overfitting_train\", \"overfitting_val\", \"good\"]  # SOLUTION",
     "tables = [(1, 9, 10, 11), (1, 1.1, 10, 11), (1, 1.1, 2, 11), (1, 1.1, 1.2, 1.2)]\n"
     "slide_verdicts = [methodology.diagnose(*table, percent=True).verdict for table in tables]  # SOLUTION"),
]

# Answers a student holding a misconception would write; the public checks alone must fail
# each one (tests/public_cases.py runs them).
_ORDER = ('    if train - human > tolerance:\n        return "underfitting"\n'
          '    if val - train > tolerance:\n        return "overfitting_train"\n')
PUBLIC = [
    # q1: not random: the first 60% of each class go to training
    ("q1", "members = rng.permutation(np.flatnonzero(y == c))", "members = np.flatnonzero(y == c)"),
    # q1: not stratified: one cut over all samples
    ("q1", "for c in np.unique(y):\n        members = rng.permutation(np.flatnonzero(y == c))",
     "for c in [None]:\n        members = rng.permutation(len(y))"),
    # q1: ignores `fractions`
    ("q1", "cuts = np.cumsum(fractions)[:2]", "cuts = np.array([0.6, 0.8])"),
    # q1: cuts at the fractions themselves, not their cumulative sums: parts overlap
    ("q1", "cuts = np.cumsum(fractions)[:2]", "cuts = np.asarray(fractions)[:2]"),
    # q1: ignores `seed` (a fresh, unseeded generator)
    ("q1", "rng = np.random.default_rng(seed)", "rng = np.random.default_rng()"),
    # q1: the parts stay grouped class by class
    ("q1", "return tuple(rng.permutation(np.concatenate(part)) for part in parts)",
     "return tuple(np.concatenate(part) for part in parts)"),
    # q2: ignores `fractions`
    ("q2", "np.round(np.cumsum(fractions)[:2] * n)", "np.round(np.array([0.6, 0.8]) * n)"),
    # q2: counts instead of shares
    ("q2", "np.bincount(y, minlength=num_classes) / len(y)", "np.bincount(y, minlength=num_classes)"),
    # q2: no entry for classes missing at the end
    ("q2", "np.bincount(y, minlength=num_classes) / len(y)", "np.bincount(y) / len(y)"),
    # q2: only the classes present
    ("q2", "np.bincount(y, minlength=num_classes) / len(y)", "np.unique(y, return_counts=True)[1] / len(y)"),
    # q2: the 1/2 is missing
    ("q2", "0.5 * np.sum(np.abs(np.asarray(p) - np.asarray(q)))", "np.sum(np.abs(np.asarray(p) - np.asarray(q)))"),
    # q2: the largest difference instead of half the sum
    ("q2", "0.5 * np.sum(np.abs(np.asarray(p) - np.asarray(q)))", "np.max(np.abs(np.asarray(p) - np.asarray(q)))"),
    # q2: no absolute value (the differences cancel)
    ("q2", "0.5 * np.sum(np.abs(np.asarray(p) - np.asarray(q)))", "0.5 * np.sum(np.asarray(p) - np.asarray(q))"),
    # q3: ignores `units`
    ("q3", "hidden_units=(units,)", "hidden_units=(64,)"),
    # q3: forgets the rescaling
    ("q3", "hidden_units=(units,), rescale=1 / 255)", "hidden_units=(units,))"),
    # q3: sigmoid hidden units
    ("q3", "hidden_units=(units,), rescale=1 / 255)", "hidden_units=(units,), activation=\"sigmoid\", rescale=1 / 255)"),
    # q3: two hidden layers
    ("q3", "hidden_units=(units,)", "hidden_units=(units, units)"),
    # q3: one model, built once and returned every time
    ("q3", "return models.mlp((28, 28), hidden_units=(units,), rescale=1 / 255)",
     "model_fn.__dict__.setdefault(units, models.mlp((28, 28), hidden_units=(units,), rescale=1 / 255))\n"
     "    return model_fn.__dict__[units]"),
    # q4: any gap at all counts
    ("q4", "if train - human > tolerance:", "if train - human > 0:"),
    # q4: the tolerance argument ignored
    ("q4", "if train - human > tolerance:", "if train - human > 0.02:"),
    # q4: a gap equal to the tolerance counted as too large
    ("q4", "if train - human > tolerance:", "if train - human >= tolerance:"),
    # q4: validation compared with human error instead of training error
    ("q4", "if val - train > tolerance:", "if val - human > tolerance:"),
    # q4: test compared with training error instead of validation error
    ("q4", "test - val > tolerance:", "test - train > tolerance:"),
    # q4: variance checked before bias
    ("q4", _ORDER, _ORDER.replace("train - human", "TMP").replace("val - train", "train - human")
     .replace("TMP", "val - train").replace('"underfitting"', "TMP")
     .replace('"overfitting_train"', '"underfitting"').replace("TMP", '"overfitting_train"')),
    # q4: always the first row
    ("q4", _ORDER, '    return "underfitting"\n'),
    # q5: the example
    ("q5", '["underfitting", "overfitting_train", "overfitting_val", "good"]', '["good"] * 4'),
    # q5: table A read as overfitting (val > train) although the bias gap comes first
    ("q5", '["underfitting", "overfitting_train", "overfitting_val", "good"]',
     '["overfitting_train", "overfitting_train", "overfitting_val", "good"]'),
    # q5: table C read as overfitting the training set
    ("q5", '["underfitting", "overfitting_train", "overfitting_val", "good"]',
     '["underfitting", "overfitting_train", "overfitting_train", "good"]'),
    # q5: the slides' words instead of the verdict names
    ("q5", '["underfitting", "overfitting_train", "overfitting_val", "good"]',
     '["Underfitting", "Overfitting training", "Overfitting validation", "Good"]'),
    # q6: losses instead of errors
    ("q6", '"train": sweep_row["train_error"], "val": sweep_row["val_error"]',
     '"train": sweep_row["train_loss"], "val": sweep_row["val_loss"]'),
    # q6: accuracies instead of errors
    ("q6", '"train": sweep_row["train_error"], "val": sweep_row["val_error"]',
     '"train": 1 - sweep_row["train_error"], "val": 1 - sweep_row["val_error"]'),
    # q6: the slides' human-level error instead of this notebook's
    ("q6", '"human": HUMAN_ERROR', '"human": 0.01'),
    # q6: the verdicts of the two runs swapped
    ("q6", "own_verdicts = {size: verdict(own_run[\"human\"], own_run[\"train\"], own_run[\"val\"]) for size, own_run in own_runs.items()}",
     'own_verdicts = {"smallest": "overfitting_train", "largest": "underfitting"}'),
    # q6: the big model's gap read as overfitting the validation set
    ("q6", "own_verdicts = {size: verdict(own_run[\"human\"], own_run[\"train\"], own_run[\"val\"]) for size, own_run in own_runs.items()}",
     'own_verdicts = {"smallest": "underfitting", "largest": "overfitting_val"}'),
    # q6: the lowest validation error, noise included
    ("q6", "chosen_units = min(width for width, width_error in val_errors.items() if width_error <= min(val_errors.values()) + 0.02)",
     "chosen_units = min(val_errors, key=val_errors.get)"),
    # q6: the lowest training error
    ("q6", "chosen_units = min(width for width, width_error in val_errors.items() if width_error <= min(val_errors.values()) + 0.02)",
     "chosen_units = capacities[int(np.argmin(train_error))]"),
    # q6: the biggest model, because bigger is better
    ("q6", "chosen_units = min(width for width, width_error in val_errors.items() if width_error <= min(val_errors.values()) + 0.02)",
     "chosen_units = capacities[-1]"),
    # q7: the worst model
    ("q7", "best = int(np.argmax(accuracies))", "best = int(np.argmin(accuracies))"),
    # q7: accuracy per sample instead of per model
    ("q7", "axis=1", "axis=0"),
    # q7: a count of correct labels instead of a fraction
    ("q7", "accuracies = np.mean(", "accuracies = np.sum("),
    # q7: a 1-based index
    ("q7", "return best, float(accuracies[best])", "return best + 1, float(accuracies[best])"),
]
