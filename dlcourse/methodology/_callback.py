"""`DiagnoseCallback`: the strategy slides' diagnosis printed when `fit` ends.

Its own module because it subclasses a Keras class: `dlcourse.methodology`
imports it on first use (see `dlcourse._lazy`), which keeps the package
free of TensorFlow until then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keras

from dlcourse.methodology.diagnosis import Diagnosis, diagnose_history
from dlcourse.methodology.diagnosis import _check_rate as check_rate


class DiagnoseCallback(keras.callbacks.Callback):
    """Prints the strategy slides' diagnosis when `fit` ends.

    Args:
        human: human-level error, as a fraction.
        test: test error, if known. Defaults to `None`.
        metric: see `diagnose_history`. Defaults to `None` (accuracy if logged).
        tolerance: see `diagnose`. Defaults to `None` (0.02).
        print_fn: where the report goes. Defaults to `print`.

    Returns:
        A Keras callback; after `fit`, `.diagnosis` holds the `Diagnosis`
        (or `None` when the run logged no validation metric).

    Example:
        >>> cb = DiagnoseCallback(human=0.01)
        >>> model.fit(X, y, validation_data=(X_val, y_val), callbacks=[cb])  # doctest: +SKIP
        human-level error     1.0%
        ...
    """

    def __init__(self, human: float, test: float | None = None, *,
                 metric: str | None = None, tolerance: float | None = None,
                 print_fn: Callable[[str], Any] = print) -> None:
        super().__init__()
        check_rate("human", human, percent=False, unit="loss")  # fail before training
        self.human, self.test, self.metric = human, test, metric
        self.tolerance, self.print_fn = tolerance, print_fn
        self.logs: dict[str, list[float]] = {}
        self.diagnosis: Diagnosis | None = None

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.logs, self.diagnosis = {}, None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        for key, value in (logs or {}).items():
            self.logs.setdefault(key, []).append(float(value))

    def on_train_end(self, logs: dict | None = None) -> None:
        try:
            self.diagnosis = diagnose_history(self.logs, self.human, self.test,
                                              metric=self.metric, tolerance=self.tolerance)
        except ValueError as err:  # raising here would hide the finished fit's result
            self.print_fn(f"DiagnoseCallback: no diagnosis. {err}")
            return
        self.print_fn(str(self.diagnosis))
