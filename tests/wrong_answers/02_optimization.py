"""Notebook 02's deliberately wrong submission: (question, right line, wrong line).

q2 is the written (manual) question: graded by hand, it has no cases.
"""

WRONG = [
    ("q1", "return 2 * (theta @ x - t) * x  # SOLUTION", "return (theta @ x - t) * x  # SOLUTION"),
    ("q4", "r = r + g**2  # SOLUTION", "r = g**2  # SOLUTION"),
    ("q6", "m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)  # SOLUTION",
     "m_hat, v_hat = m, v  # SOLUTION"),
    ("q7", "lr_limit = 1 / (x_unit @ x_unit)  # SOLUTION",
     "lr_limit = 1 / (2 * x_unit @ x_unit)  # SOLUTION"),
    ("q9", "return 2 * X.T @ (X @ theta - y) / len(y)  # SOLUTION",
     "return 2 * X.T @ (X @ theta - y)  # SOLUTION"),
    # the largest rate that does not diverge, instead of the best of the sweep
    ("q8", "best_lr = min(sweep_losses, key=sweep_losses.get)  # SOLUTION",
     "best_lr = max(lr for lr in lr_grid if lr < lr_limit)  # SOLUTION"),
]

# Answers that call the reference the question forbids: each question must score 0.
CHEATS = [
    # one step of keras.optimizers.SGD, called directly
    ("q1", "    return theta - lr * gradient(theta, x, t)  # SOLUTION",
     "    var = keras.Variable(np.array(theta, dtype=\"float64\"))\n"
     "    keras.optimizers.SGD(learning_rate=lr).apply_gradients([(gradient(theta, x, t), var)])\n"
     "    return np.asarray(var.numpy())  # SOLUTION"),
    # Keras's SGD with momentum through an alias, its velocity loaded and read back
    ("q3", "    v = alpha * v - lr * g  # SOLUTION\n    return theta + v, v  # SOLUTION",
     "    SGD = keras.optimizers.SGD\n    optimizer = SGD(learning_rate=lr, momentum=alpha)\n"
     "    var = keras.Variable(np.array(theta, dtype=\"float64\"))\n    optimizer.build([var])\n"
     "    velocity = optimizer.variables[-1]\n    velocity.assign(np.asarray(v, dtype=\"float64\"))\n"
     "    optimizer.apply_gradients([(np.asarray(g, dtype=\"float64\"), var)])\n"
     "    return np.asarray(var.numpy()), np.asarray(velocity.numpy())  # SOLUTION"),
    # Adagrad imported from keras.optimizers, its accumulator loaded and read back
    ("q4", "    r = r + g**2  # SOLUTION\n    return theta - lr * g / np.sqrt(r + eps), r  # SOLUTION",
     "    from keras.optimizers import Adagrad\n    optimizer = Adagrad(learning_rate=lr, epsilon=eps)\n"
     "    var = keras.Variable(np.array(theta, dtype=\"float64\"))\n    optimizer.build([var])\n"
     "    accumulator = optimizer.variables[-1]\n    accumulator.assign(np.asarray(r, dtype=\"float64\"))\n"
     "    optimizer.apply_gradients([(np.asarray(g, dtype=\"float64\"), var)])\n"
     "    return np.asarray(var.numpy()), np.asarray(accumulator.numpy())  # SOLUTION"),
    # RMSprop fetched with getattr
    ("q5", "    r = rho * r + (1 - rho) * g**2  # SOLUTION\n"
     "    return theta - lr * g / np.sqrt(r + eps), r  # SOLUTION",
     "    optimizer = getattr(keras.optimizers, \"RMSprop\")(learning_rate=lr, rho=rho, epsilon=eps)\n"
     "    var = keras.Variable(np.array(theta, dtype=\"float64\"))\n    optimizer.build([var])\n"
     "    velocity = optimizer.variables[-1]\n    velocity.assign(np.asarray(r, dtype=\"float64\"))\n"
     "    optimizer.apply_gradients([(np.asarray(g, dtype=\"float64\"), var)])\n"
     "    return np.asarray(var.numpy()), np.asarray(velocity.numpy())  # SOLUTION"),
    # keras.optimizers.Adam, its moments and step counter loaded
    ("q6", "    m = beta1 * m + (1 - beta1) * g  # SOLUTION\n"
     "    v = beta2 * v + (1 - beta2) * g**2  # SOLUTION\n"
     "    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)  # SOLUTION\n"
     "    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v  # SOLUTION",
     "    optimizer = keras.optimizers.Adam(learning_rate=lr, beta_1=beta1, beta_2=beta2, epsilon=eps)\n"
     "    var = keras.Variable(np.array(theta, dtype=\"float64\"))\n    optimizer.build([var])\n"
     "    *_, first, second = optimizer.variables\n"
     "    first.assign(np.asarray(m, dtype=\"float64\"))\n"
     "    second.assign(np.asarray(v, dtype=\"float64\"))\n    optimizer.iterations.assign(t - 1)\n"
     "    optimizer.apply_gradients([(np.asarray(g, dtype=\"float64\"), var)])\n"
     "    return np.asarray(var.numpy()), np.asarray(first.numpy()), np.asarray(second.numpy())  # SOLUTION"),
    # the MSE gradient from GradientTape, imported by name
    ("q9", "def batch_gradient(theta, X, y):\n    return 2 * X.T @ (X @ theta - y) / len(y)  # SOLUTION",
     "def batch_gradient(theta, X, y):\n    import tensorflow as tf\n"
     "    from tensorflow import GradientTape\n"
     "    v = tf.Variable(np.asarray(theta, dtype=\"float64\"))\n    with GradientTape() as tape:\n"
     "        loss = tf.reduce_mean((tf.linalg.matvec(tf.constant(X, tf.float64), v) - y) ** 2)\n"
     "    return tape.gradient(loss, v).numpy()  # SOLUTION"),
]

# Answers a student holding the section's misconception would write: each question's
# PUBLIC checks alone must fail them (tests/public_cases.py).
PUBLIC = [
    # q1: the 2 dropped, the sign flipped, the error without its input, steps up the
    # gradient, the step for the parameters, a hard-coded rate, the global target
    ("q1", "return 2 * (theta @ x - t) * x  # SOLUTION", "return (theta @ x - t) * x  # SOLUTION"),
    ("q1", "return 2 * (theta @ x - t) * x  # SOLUTION", "return 2 * (t - theta @ x) * x  # SOLUTION"),
    ("q1", "return 2 * (theta @ x - t) * x  # SOLUTION", "return 2 * (theta @ x - t)  # SOLUTION"),
    ("q1", "return theta - lr * gradient(theta, x, t)  # SOLUTION",
     "return theta + lr * gradient(theta, x, t)  # SOLUTION"),
    ("q1", "return theta - lr * gradient(theta, x, t)  # SOLUTION",
     "return -lr * gradient(theta, x, t)  # SOLUTION"),
    ("q1", "return theta - lr * gradient(theta, x, t)  # SOLUTION",
     "return theta - 0.001 * gradient(theta, x, t)  # SOLUTION"),
    ("q1", "return theta - lr * gradient(theta, x, t)  # SOLUTION",
     "return theta - lr * gradient(theta, x, target)  # SOLUTION"),
    # q3: no memory (plain SGD), alpha ignored, the sign of the gradient, lr forgotten
    ("q3", "v = alpha * v - lr * g  # SOLUTION", "v = -lr * g  # SOLUTION"),
    ("q3", "v = alpha * v - lr * g  # SOLUTION", "v = 0.9 * v - lr * g  # SOLUTION"),
    ("q3", "v = alpha * v - lr * g  # SOLUTION", "v = alpha * v + lr * g  # SOLUTION"),
    ("q3", "v = alpha * v - lr * g  # SOLUTION", "v = alpha * v - g  # SOLUTION"),
    # q4: only the last squared gradient, no square root, gradients not squared
    ("q4", "r = r + g**2  # SOLUTION", "r = g**2  # SOLUTION"),
    ("q4", "return theta - lr * g / np.sqrt(r + eps), r  # SOLUTION",
     "return theta - lr * g / (r + eps), r  # SOLUTION"),
    ("q4", "r = r + g**2  # SOLUTION", "r = r + np.abs(g)  # SOLUTION"),
    # q5: the (1 - rho) forgotten, rho ignored, AdaGrad's sum
    ("q5", "r = rho * r + (1 - rho) * g**2  # SOLUTION", "r = rho * r + g**2  # SOLUTION"),
    ("q5", "r = rho * r + (1 - rho) * g**2  # SOLUTION", "r = 0.9 * r + 0.1 * g**2  # SOLUTION"),
    ("q5", "r = rho * r + (1 - rho) * g**2  # SOLUTION", "r = r + g**2  # SOLUTION"),
    # q6: no bias correction, the correction without t, beta1 ignored, no square root
    ("q6", "m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)  # SOLUTION",
     "m_hat, v_hat = m, v  # SOLUTION"),
    ("q6", "m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)  # SOLUTION",
     "m_hat, v_hat = m / (1 - beta1), v / (1 - beta2)  # SOLUTION"),
    ("q6", "m = beta1 * m + (1 - beta1) * g  # SOLUTION", "m = 0.9 * m + 0.1 * g  # SOLUTION"),
    ("q6", "return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v  # SOLUTION",
     "return theta - lr * m_hat / (v_hat + eps), m, v  # SOLUTION"),
    # q7: the tempting 1/24 (the fastest rate), the bias's input left out, twice the limit;
    # the start left out of the predictions, the rate ignored
    ("q7", "lr_limit = 1 / (x_unit @ x_unit)  # SOLUTION", "lr_limit = 1 / (2 * x_unit @ x_unit)  # SOLUTION"),
    ("q7", "lr_limit = 1 / (x_unit @ x_unit)  # SOLUTION", "lr_limit = 1 / 11  # SOLUTION"),
    ("q7", "lr_limit = 1 / (x_unit @ x_unit)  # SOLUTION", "lr_limit = 2 / (x_unit @ x_unit)  # SOLUTION"),
    ("q7", "    predictions = [theta @ x_unit]", "    predictions = []"),
    ("q7", "        theta = sgd_step(theta, x_unit, target, lr)",
     "        theta = sgd_step(theta, x_unit, target, 0.001)"),
    # q8: the largest rate that does not diverge, lr_limit itself, the formula's 1/24, the
    # worst of the sweep, the loss after the first step, the mean loss of the run
    ("q8", "best_lr = min(sweep_losses, key=sweep_losses.get)  # SOLUTION",
     "best_lr = max(lr for lr in lr_grid if lr < lr_limit)  # SOLUTION"),
    ("q8", "best_lr = min(sweep_losses, key=sweep_losses.get)  # SOLUTION", "best_lr = lr_limit  # SOLUTION"),
    ("q8", "best_lr = min(sweep_losses, key=sweep_losses.get)  # SOLUTION", "best_lr = 1 / 24  # SOLUTION"),
    ("q8", "best_lr = min(sweep_losses, key=sweep_losses.get)  # SOLUTION",
     "best_lr = max(sweep_losses, key=sweep_losses.get)  # SOLUTION"),
    ("q8", "float((gd_predictions(lr, 30)[-1] - target) ** 2)", "float((gd_predictions(lr, 30)[1] - target) ** 2)"),
    ("q8", "float((gd_predictions(lr, 30)[-1] - target) ** 2)",
     "float(np.mean((gd_predictions(lr, 30) - target) ** 2))"),
    # q9: summed, divided by every entry, the 2 dropped; the same rows every batch, the
    # seed ignored, the full data set for every batch
    ("q9", "return 2 * X.T @ (X @ theta - y) / len(y)  # SOLUTION", "return 2 * X.T @ (X @ theta - y)  # SOLUTION"),
    ("q9", "return 2 * X.T @ (X @ theta - y) / len(y)  # SOLUTION",
     "return 2 * X.T @ (X @ theta - y) / X.size  # SOLUTION"),
    ("q9", "return 2 * X.T @ (X @ theta - y) / len(y)  # SOLUTION",
     "return X.T @ (X @ theta - y) / len(y)  # SOLUTION"),
    ("q9", "rows = rng.choice(len(y), batch_size, replace=False)", "rows = np.arange(batch_size)"),
    ("q9", "rng = np.random.default_rng(seed)", "rng = np.random.default_rng()"),
    ("q9", "gradients.append(batch_gradient(theta, X[rows], y[rows]))",
     "gradients.append(batch_gradient(theta, X, y))"),
]
