"""Notebook 09's deliberately wrong submission: (question, right line, wrong line)."""

WRONG = [
    ("q1", "return tf.clip_by_value(x + eps * tf.sign(gradient), 0.0, 1.0)  # SOLUTION",
     "return tf.clip_by_value(x - eps * tf.sign(gradient), 0.0, 1.0)  # SOLUTION"),
    # the first eps the model does not survive, not the last one it does
    ("q5", "survived_standard = max(eps for eps, acc in zip(epsilons, standard_accuracies) if acc >= target)",
     "survived_standard = min(eps for eps, acc in zip(epsilons, standard_accuracies) if acc < target)"),
    ("q6", 'category = keras.layers.Dense(10, activation="softmax", name="category")(x)  # SOLUTION',
     'category = keras.layers.Dense(10, activation="softmax", name="category")(inputs)  # SOLUTION'),
    ("q7", "return n_in * n_out + n_out  # SOLUTION", "return n_in * n_out  # SOLUTION"),
]

# Answers a student holding a misconception of the section would write: the question's
# public checks alone must fail each one (tests/public_cases.py).
_FGSM = "return tf.clip_by_value(x + eps * tf.sign(gradient), 0.0, 1.0)  # SOLUTION"
_ATTACK = "standard_accuracies = [accuracy(standard_model, fgsm(standard_model, X_val, y_val, eps), y_val) for eps in epsilons]"
_INDEX = "index = int(np.flatnonzero((clean_pred == y_val) & (adv_pred != y_val))[0])"
_ADV = "x_adv = np.asarray(fgsm(robust_model, x, y, EPS))  # SOLUTION"
_FIT = ("robust_model.fit(np.concatenate([x, x_adv]), np.concatenate([y, y]), epochs=1, batch_size=128, "
        "verbose=0)  # SOLUTION")
_STANDARD = "survived_standard = max(eps for eps, acc in zip(epsilons, standard_accuracies) if acc >= target)"
_ROBUST = "survived_robust = max(eps for eps, acc in zip(epsilons, robust_accuracies) if acc >= target)"
_TRUNK = ('x = keras.layers.Dense(64, activation="relu")(x)  # SOLUTION\n'
          'x = keras.layers.Dense(64, activation="relu")(x)  # SOLUTION\n'
          'category = keras.layers.Dense(10, activation="softmax", name="category")(x)  # SOLUTION\n'
          'footwear = keras.layers.Dense(2, activation="softmax", name="footwear")(x)  # SOLUTION')

PUBLIC = [
    # q1: the gradient itself, not its sign (a step of a different size in every pixel)
    ("q1", _FGSM, "return tf.clip_by_value(x + eps * gradient, 0.0, 1.0)  # SOLUTION"),
    # q1: the training step's sign: down the loss instead of up
    ("q1", _FGSM, "return tf.clip_by_value(x - eps * tf.sign(gradient), 0.0, 1.0)  # SOLUTION"),
    # q1: no clipping: pixels leave [0, 1]
    ("q1", _FGSM, "return x + eps * tf.sign(gradient)  # SOLUTION"),
    # q1: clipped before the step, not after
    ("q1", _FGSM, "return tf.clip_by_value(x, 0.0, 1.0) + eps * tf.sign(gradient)  # SOLUTION"),
    # q1: eps ignored (the notebook's 0.1 hard-coded)
    ("q1", _FGSM, "return tf.clip_by_value(x + 0.1 * tf.sign(gradient), 0.0, 1.0)  # SOLUTION"),
    # q1: the gradient normalised to unit length instead of its sign
    ("q1", _FGSM, "return tf.clip_by_value(x + eps * gradient / tf.norm(gradient), 0.0, 1.0)  # SOLUTION"),
    # q1: the gradient with respect to the weights, as in training
    ("q1", "gradient = tape.gradient(loss, x)  # SOLUTION",
     "gradient = tape.gradient(loss, model.trainable_variables)  # SOLUTION"),
    # q1: x never watched: the tape has no gradient for it
    ("q1", "tape.watch(x)  # SOLUTION", "pass  # SOLUTION"),
    # q2: never attacked: the clean accuracy for every eps
    ("q2", _ATTACK, "standard_accuracies = [accuracy(standard_model, X_val, y_val) for eps in epsilons]"),
    # q2: one eps for all
    ("q2", _ATTACK, "standard_accuracies = [accuracy(standard_model, fgsm(standard_model, X_val, y_val, 0.1), y_val)"
                    " for eps in epsilons]"),
    # q2: error rates instead of accuracies
    ("q2", _ATTACK, "standard_accuracies = [1 - accuracy(standard_model, fgsm(standard_model, X_val, y_val, eps), "
                    "y_val) for eps in epsilons]"),
    # q2: percentages
    ("q2", _ATTACK, "standard_accuracies = [100 * accuracy(standard_model, fgsm(standard_model, X_val, y_val, eps), "
                    "y_val) for eps in epsilons]"),
    # q2: the training set attacked instead of the validation set
    ("q2", _ATTACK, "standard_accuracies = [accuracy(standard_model, fgsm(standard_model, X_train, y_train, eps), "
                    "y_train) for eps in epsilons]"),
    # q3: the last fooled image, not the first
    ("q3", _INDEX, "index = int(np.flatnonzero((clean_pred == y_val) & (adv_pred != y_val))[-1])"),
    # q3: the second one (1-based counting)
    ("q3", _INDEX, "index = int(np.flatnonzero((clean_pred == y_val) & (adv_pred != y_val))[1])"),
    # q3: an image the model got wrong before any attack
    ("q3", _INDEX, "index = int(np.flatnonzero((clean_pred != y_val) & (adv_pred != y_val))[0])"),
    # q3: the first image that survives the attack
    ("q3", _INDEX, "index = int(np.flatnonzero((clean_pred == y_val) & (adv_pred == y_val))[0])"),
    # q4: adversarial images of the frozen standard model, not of the model being trained
    ("q4", _ADV, "x_adv = np.asarray(fgsm(standard_model, x, y, EPS))  # SOLUTION"),
    # q4: random sign noise of the same size: augmentation, not an attack
    ("q4", _ADV, "x_adv = np.clip(x + EPS * np.sign(np.random.default_rng(start).normal(size=x.shape)), 0, 1)"
                 ".astype(\"float32\")  # SOLUTION"),
    # q4: no adversarial images: the clean chunk twice
    ("q4", _FIT, "robust_model.fit(np.concatenate([x, x]), np.concatenate([y, y]), epochs=1, batch_size=128, "
                 "verbose=0)  # SOLUTION"),
    # q4: adversarial images made but never trained on
    ("q4", _FIT, "pass  # SOLUTION"),
    # q5: the first eps the model does not survive
    ("q5", _STANDARD, "survived_standard = min(eps for eps, acc in zip(epsilons, standard_accuracies) if acc < target)"),
    ("q5", _ROBUST, "survived_robust = min(eps for eps, acc in zip(epsilons, robust_accuracies) if acc < target)"),
    # q5: the other model's curve
    ("q5", _ROBUST, "survived_robust = max(eps for eps, acc in zip(epsilons, standard_accuracies) if acc >= target)"),
    # q5: the accuracy instead of the eps
    ("q5", _STANDARD, "survived_standard = max(acc for eps, acc in zip(epsilons, standard_accuracies) if acc >= target)"),
    # q5: a hard-coded guess (the eps we trained at)
    ("q5", _ROBUST, "survived_robust = 0.1"),
    # q6: the footwear head on the first trunk layer: only half the trunk shared
    ("q6", _TRUNK, 'h = keras.layers.Dense(64, activation="relu")(x)  # SOLUTION\n'
                   'x = keras.layers.Dense(64, activation="relu")(h)  # SOLUTION\n'
                   'category = keras.layers.Dense(10, activation="softmax", name="category")(x)  # SOLUTION\n'
                   'footwear = keras.layers.Dense(2, activation="softmax", name="footwear")(h)  # SOLUTION'),
    # q6: two trunks: nothing shared
    ("q6", _TRUNK, 'a = keras.layers.Dense(64, activation="relu")(keras.layers.Dense(64, activation="relu")(x))\n'
                   'b = keras.layers.Dense(64, activation="relu")(keras.layers.Dense(64, activation="relu")(x))\n'
                   'category = keras.layers.Dense(10, activation="softmax", name="category")(a)  # SOLUTION\n'
                   'footwear = keras.layers.Dense(2, activation="softmax", name="footwear")(b)  # SOLUTION'),
    # q6: a yes/no head as one sigmoid unit, against the question's two-way softmax
    ("q6", 'footwear = keras.layers.Dense(2, activation="softmax", name="footwear")(x)  # SOLUTION',
     'footwear = keras.layers.Dense(1, activation="sigmoid", name="footwear")(x)  # SOLUTION'),
    # q6: a linear trunk
    ("q6", _TRUNK, 'x = keras.layers.Dense(64)(x)  # SOLUTION\n'
                   'x = keras.layers.Dense(64)(x)  # SOLUTION\n'
                   'category = keras.layers.Dense(10, activation="softmax", name="category")(x)  # SOLUTION\n'
                   'footwear = keras.layers.Dense(2, activation="softmax", name="footwear")(x)  # SOLUTION'),
    # q7: no biases
    ("q7", "return n_in * n_out + n_out  # SOLUTION", "return n_in * n_out  # SOLUTION"),
    # q7: the biases counted per input
    ("q7", "return n_in * n_out + n_out  # SOLUTION", "return n_in * n_out + n_in  # SOLUTION"),
    # q7: a bias unit on both sides
    ("q7", "return n_in * n_out + n_out  # SOLUTION", "return (n_in + 1) * (n_out + 1)  # SOLUTION"),
    # q7: the shared trunk counted once per head
    ("q7", "shared_params = trunk + heads  # SOLUTION", "shared_params = 2 * trunk + heads  # SOLUTION"),
    # q7: two whole copies of the shared model
    ("q7", "separate_params = 2 * trunk + heads  # SOLUTION", "separate_params = 2 * (trunk + heads)  # SOLUTION"),
    # q7: one model's count
    ("q7", "separate_params = 2 * trunk + heads  # SOLUTION", "separate_params = trunk + heads  # SOLUTION"),
]

# Answers that call the reference the question forbids: each question must score 0.
CHEATS = [
    # the course's reference model itself
    ("q6", "x = keras.layers.Flatten()(inputs)  # SOLUTION\n"
     "x = keras.layers.Dense(64, activation=\"relu\")(x)  # SOLUTION\n"
     "x = keras.layers.Dense(64, activation=\"relu\")(x)  # SOLUTION\n"
     "category = keras.layers.Dense(10, activation=\"softmax\", name=\"category\")(x)  # SOLUTION\n"
     "footwear = keras.layers.Dense(2, activation=\"softmax\", name=\"footwear\")(x)  # SOLUTION\n"
     "multitask_model = keras.Model(inputs, {\"category\": category, \"footwear\": footwear}, name=\"multitask\")",
     "multitask_model = models.multitask((28, 28), trunk_units=(64, 64), num_classes_a=10, num_classes_b=2,\n"
     "                                   output_names=(\"category\", \"footwear\"))"),
    # a Dense layer's count_params(), through `from keras import layers as L`
    ("q7", "    return n_in * n_out + n_out  # SOLUTION",
     "    from keras import layers as L\n    layer = L.Dense(n_out)\n    layer.build((None, n_in))\n"
     "    return layer.count_params()  # SOLUTION"),
]
