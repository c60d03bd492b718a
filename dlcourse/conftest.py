"""Names every docstring example may use without importing them (`pytest --doctest-modules`).

Examples are read as a notebook would run them: `np` is NumPy, as in every
notebook's first cell. Modules need not import NumPy just for their examples.
"""

import numpy as np
import pytest


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace):
    doctest_namespace["np"] = np
