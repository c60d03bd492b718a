# Sourced by scripts/main and scripts/test: a virtual environment in .venv with
# dlcourse installed, and the offline Fashion-MNIST files in place.
# DLCOURSE_VENV picks another environment folder; EXTRAS adds pip extras.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV=${DLCOURSE_VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
  echo "==> creating virtual environment $VENV"
  python3 -m venv "$VENV"
fi
echo "==> installing dlcourse${EXTRAS:+[$EXTRAS]} into $VENV (first time: a few minutes)"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".${EXTRAS:+[$EXTRAS]}"
if ! "$VENV/bin/dlcourse" doctor --data-only >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> Fashion-MNIST not found offline: installing Debian's dataset-fashion-mnist"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null
  else
    echo "Fashion-MNIST is not on this machine. Install it with" >&2
    echo "    sudo apt-get install dataset-fashion-mnist" >&2
    echo "or put its four IDX .gz files in DIR/fashion-mnist/ and set DLCOURSE_DATA_DIR=DIR." >&2
    echo "Online (Colab), dlcourse downloads it with tensorflow-datasets instead." >&2
    exit 1
  fi
fi
"$VENV/bin/dlcourse" doctor --data-only
