"""Notebook 02's deliberately wrong submission: (question, right line, wrong line)."""

WRONG = [
    ("q1", "return 2 * (theta @ x - t) * x  # SOLUTION", "return (theta @ x - t) * x  # SOLUTION"),
    ("q3", "r = r + g**2  # SOLUTION", "r = g**2  # SOLUTION"),
    ("q5", "m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)  # SOLUTION",
     "m_hat, v_hat = m, v  # SOLUTION"),
    ("q6", "lr_limit = 1 / (x_unit @ x_unit)  # SOLUTION",
     "lr_limit = 1 / (2 * x_unit @ x_unit)  # SOLUTION"),
    ("q7", "return 2 * X.T @ (X @ theta - y) / len(y)  # SOLUTION",
     "return 2 * X.T @ (X @ theta - y)  # SOLUTION"),
]

# Answers that call the reference the question forbids: each question must score 0.
CHEATS = [
    # one step of keras.optimizers.SGD, called directly
    ("q1", "    return theta - lr * gradient(theta, x, t)  # SOLUTION",
     "    var = keras.Variable(np.array(theta, dtype=\"float64\"))\n"
     "    keras.optimizers.SGD(learning_rate=lr).apply_gradients([(gradient(theta, x, t), var)])\n"
     "    return np.asarray(var.numpy())  # SOLUTION"),
    # Keras's SGD with momentum through an alias, its velocity loaded and read back
    ("q2", "    v = alpha * v - lr * g  # SOLUTION\n    return theta + v, v  # SOLUTION",
     "    SGD = keras.optimizers.SGD\n    optimizer = SGD(learning_rate=lr, momentum=alpha)\n"
     "    var = keras.Variable(np.array(theta, dtype=\"float64\"))\n    optimizer.build([var])\n"
     "    velocity = optimizer.variables[-1]\n    velocity.assign(np.asarray(v, dtype=\"float64\"))\n"
     "    optimizer.apply_gradients([(np.asarray(g, dtype=\"float64\"), var)])\n"
     "    return np.asarray(var.numpy()), np.asarray(velocity.numpy())  # SOLUTION"),
    # Adagrad imported from keras.optimizers, its accumulator loaded and read back
    ("q3", "    r = r + g**2  # SOLUTION\n    return theta - lr * g / np.sqrt(r + eps), r  # SOLUTION",
     "    from keras.optimizers import Adagrad\n    optimizer = Adagrad(learning_rate=lr, epsilon=eps)\n"
     "    var = keras.Variable(np.array(theta, dtype=\"float64\"))\n    optimizer.build([var])\n"
     "    accumulator = optimizer.variables[-1]\n    accumulator.assign(np.asarray(r, dtype=\"float64\"))\n"
     "    optimizer.apply_gradients([(np.asarray(g, dtype=\"float64\"), var)])\n"
     "    return np.asarray(var.numpy()), np.asarray(accumulator.numpy())  # SOLUTION"),
    # RMSprop fetched with getattr
    ("q4", "    r = rho * r + (1 - rho) * g**2  # SOLUTION\n"
     "    return theta - lr * g / np.sqrt(r + eps), r  # SOLUTION",
     "    optimizer = getattr(keras.optimizers, \"RMSprop\")(learning_rate=lr, rho=rho, epsilon=eps)\n"
     "    var = keras.Variable(np.array(theta, dtype=\"float64\"))\n    optimizer.build([var])\n"
     "    velocity = optimizer.variables[-1]\n    velocity.assign(np.asarray(r, dtype=\"float64\"))\n"
     "    optimizer.apply_gradients([(np.asarray(g, dtype=\"float64\"), var)])\n"
     "    return np.asarray(var.numpy()), np.asarray(velocity.numpy())  # SOLUTION"),
    # keras.optimizers.Adam, its moments and step counter loaded
    ("q5", "    m = beta1 * m + (1 - beta1) * g  # SOLUTION\n"
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
    ("q7", "def batch_gradient(theta, X, y):\n    return 2 * X.T @ (X @ theta - y) / len(y)  # SOLUTION",
     "def batch_gradient(theta, X, y):\n    import tensorflow as tf\n"
     "    from tensorflow import GradientTape\n"
     "    v = tf.Variable(np.asarray(theta, dtype=\"float64\"))\n    with GradientTape() as tape:\n"
     "        loss = tf.reduce_mean((tf.linalg.matvec(tf.constant(X, tf.float64), v) - y) ** 2)\n"
     "    return tape.gradient(loss, v).numpy()  # SOLUTION"),
]
