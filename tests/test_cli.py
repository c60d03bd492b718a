import json
import subprocess
import sys

import pytest

from dlcourse import cli


def test_help_for_each_command(capsys):
    for argv in (["--help"], ["doctor", "--help"], ["run", "--help"]):
        with pytest.raises(SystemExit) as exit_:
            cli.main(argv)
        assert exit_.value.code == 0
    assert "NN_*.ipynb" in capsys.readouterr().out


def test_doctor_data_only_ok(fashion_dir, capsys):
    assert cli.main(["doctor", "--data-only", "--validate"]) == 0
    assert "ok      fashion_mnist" in capsys.readouterr().out


def test_doctor_fails_without_fashion_mnist(isolated, capsys):
    assert cli.main(["doctor", "--data-only"]) == 1
    captured = capsys.readouterr()
    assert "MISSING fashion_mnist" in captured.out
    assert "apt-get install dataset-fashion-mnist" in captured.err


def test_doctor_reports_corrupt_file(fashion_copy, capsys):
    bad = fashion_copy / "t10k-labels-idx1-ubyte.gz"
    bad.unlink()
    bad.write_bytes(b"broken")
    assert cli.main(["doctor", "--data-only", "--validate"]) == 1
    assert str(bad) in capsys.readouterr().err


def _notebook(path, source):
    cells = [{"cell_type": "code", "metadata": {}, "source": source, "outputs": [],
              "execution_count": None}]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}))


@pytest.mark.slow
def test_run_summarizes_ok_and_failing_notebooks(tmp_path):
    _notebook(tmp_path / "01_ok.ipynb",
              "import os; assert os.environ['DLCOURSE_PROFILE'] == 'fast'")
    _notebook(tmp_path / "02_broken.ipynb", "raise ValueError('wrong answer')")
    result = subprocess.run(
        [sys.executable, "-m", "dlcourse", "run", "all", "--dir", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("01_ok.ipynb") and line.endswith("ok") for line in lines)
    assert any(line.startswith("02_broken.ipynb") and "ValueError" in line for line in lines)
    assert any("1 passed, 1 failed" in line for line in lines[-3:])  # then the index's path


def test_run_empty_folder(tmp_path, capsys):
    assert cli.main(["run", "all", "--dir", str(tmp_path)]) == 0
    assert "nothing to run" in capsys.readouterr().out


def test_run_rejects_bad_target(tmp_path):
    with pytest.raises(SystemExit, match="expected a .ipynb file or 'all'"):
        cli.main(["run", str(tmp_path / "missing.ipynb")])
