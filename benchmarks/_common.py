"""What every benchmark script shares: progress to stderr, and the machine's description."""

from __future__ import annotations

import os
import platform
import sys


def log(message: str) -> None:
    """Progress for the reader, on stderr: stdout carries only the JSON result."""
    print(message, file=sys.stderr, flush=True)


def machine(*, tensorflow: bool = True) -> dict:
    """The facts a reader needs to compare figures: CPU, load, and (optionally) device and
    TensorFlow/Keras versions, which cost a TensorFlow import."""
    facts = {
        "platform": platform.platform(terse=True),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "load_average_at_start": [round(load, 2) for load in os.getloadavg()],
    }
    if tensorflow:
        import keras
        import tensorflow as tf

        from dlcourse import config

        facts.update(device=config.device(), tensorflow=tf.__version__,
                     keras=keras.__version__)
    return facts
