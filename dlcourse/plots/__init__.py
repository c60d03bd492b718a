"""The course's figures: learning curves, decision boundaries, image grids and more.

Every function returns a `matplotlib.figure.Figure` and never calls `plt.show()`.
The figures are made without pyplot, so this package works headless (CI, nbval,
a server) and never touches the global backend or pyplot's list of open
figures. In a notebook, a figure returned as the cell's value is displayed
once; elsewhere call `fig.savefig("name.png")`, or `display(fig)` mid-cell.
Functions with an `ax=` argument draw into an existing axes instead, so a
notebook can compose several plots in one figure.

Labels (`y`, `y_hat`) may be class indices, one-hot rows or predicted
probabilities (the argmax is taken; a single column is a sigmoid output,
thresholded at 0.5). Images are channels-last: `(H, W)`, `(H, W, 1)` or
`(H, W, 3)`, uint8 in [0, 255] or float.

Notebooks call `plots.<name>`; the functions live in one module per kind of
figure: `curves` (learning_curves, lr_sweep), `series` (capacity_curves,
metric_vs, gradient_norms), `classification` (decision_boundary,
confusion_matrix), `images` (image_grid, augmentation_grid, feature_maps),
`adversarial` (adversarial_triplet) and `activation_curves` (activations).
"""

from __future__ import annotations

from .activation_curves import activations
from .adversarial import adversarial_triplet
from .classification import confusion_matrix, decision_boundary
from .curves import learning_curves, lr_sweep
from .images import augmentation_grid, feature_maps, image_grid
from .series import capacity_curves, gradient_norms, metric_vs

__all__ = [
    "activations",
    "adversarial_triplet",
    "augmentation_grid",
    "capacity_curves",
    "confusion_matrix",
    "decision_boundary",
    "feature_maps",
    "gradient_norms",
    "image_grid",
    "learning_curves",
    "lr_sweep",
    "metric_vs",
]
