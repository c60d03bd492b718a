"""Seeded runs of libraries that draw from Python's and NumPy's global generators."""

from __future__ import annotations

import contextlib
import random
import threading
from collections.abc import Iterator

import numpy as np

# Guards the swap of the global states, in case a PyDataset runs in threads.
_GLOBAL_RANDOM = threading.Lock()


@contextlib.contextmanager
def seeded(*key: int) -> Iterator[None]:
    """Runs the block with Python's and NumPy's global generators seeded from `key`.

    The previous global states come back afterwards, so Augmentor and
    ImageDataGenerator are seeded without changing anyone else's random stream.
    """
    py_seed, np_seed = np.random.SeedSequence([int(k) for k in key]).generate_state(2)
    with _GLOBAL_RANDOM:
        py_state = random.getstate()
        np_state = np.random.get_state()  # noqa: NPY002 - these libraries read the legacy RNG
        random.seed(int(py_seed))
        np.random.seed(int(np_seed))  # noqa: NPY002
        try:
            yield
        finally:
            random.setstate(py_state)
            np.random.set_state(np_state)  # noqa: NPY002
