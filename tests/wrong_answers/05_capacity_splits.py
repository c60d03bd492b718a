"""Notebook 05's deliberately wrong submission: (question, right line, wrong line)."""

WRONG = [
    # not random: the first 60% of each class go to training
    ("q1", "members = rng.permutation(np.flatnonzero(y == c))", "members = np.flatnonzero(y == c)"),
    # underfitting whenever training error exceeds human error at all
    ("q4", "if train - human > tolerance:", "if train - human > 0:"),
    # the worst model instead of the best
    ("q6", "best = int(np.argmax(accuracies))  # SOLUTION",
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
