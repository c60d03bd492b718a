import subprocess
import sys


def _imported_modules(code: str) -> str:
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", code],
                            capture_output=True, text=True, timeout=120, check=True)
    return result.stderr


def test_import_dlcourse_does_not_import_tensorflow():
    log = _imported_modules(
        "import dlcourse; from dlcourse import config, data; data.load('moons'); "
        "config.profile(); dlcourse.data.split"
    )
    assert "dlcourse.data" in log  # the log is real: it lists what was imported
    assert "tensorflow" not in log and "keras" not in log


def test_the_check_sees_tensorflow_when_it_is_imported():
    log = _imported_modules("from dlcourse import data; data.as_dataset([1, 2], batch_size=1)")
    assert "tensorflow" in log


def test_public_api_listed():
    import dlcourse

    assert {"config", "data"} <= set(dlcourse.__all__)
    for name in dlcourse.__all__:
        assert getattr(dlcourse, name).__name__ == f"dlcourse.{name}"
