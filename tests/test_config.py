import os

import pytest

from dlcourse import config


def test_default_profile_is_full(monkeypatch):
    monkeypatch.delenv("DLCOURSE_PROFILE", raising=False)
    assert config.profile() == "full"


def test_profile_from_environment(monkeypatch):
    monkeypatch.setenv("DLCOURSE_PROFILE", " FAST ")
    assert config.profile() == "fast"
    assert config.pick(fast=1, full=2) == 1
    monkeypatch.setenv("DLCOURSE_PROFILE", "full")
    assert config.pick(fast=1, full=2) == 2


def test_invalid_profile_names_the_variable(monkeypatch):
    monkeypatch.setenv("DLCOURSE_PROFILE", "quick")
    with pytest.raises(ValueError, match=r"Received: DLCOURSE_PROFILE='quick'"):
        config.profile()
    with pytest.raises(ValueError, match="Received: profile='slow'"):
        config.profile("slow")


def test_override_and_use_profile(monkeypatch):
    monkeypatch.setenv("DLCOURSE_PROFILE", "full")
    assert config.profile("fast") == "fast"
    assert config.pick(fast="a", full="b", profile_name="fast") == "a"
    with config.use_profile("fast"):
        assert config.profile() == "fast"
    assert os.environ["DLCOURSE_PROFILE"] == "full"
    monkeypatch.delenv("DLCOURSE_PROFILE")
    with pytest.raises(RuntimeError):
        with config.use_profile("fast"):
            raise RuntimeError
    assert "DLCOURSE_PROFILE" not in os.environ


@pytest.mark.parametrize("seed", [-1, 1.5, "0", True])
def test_seed_validated(seed):
    with pytest.raises(ValueError, match="non-negative int"):
        config.seed_everything(seed)


def test_describe_prints_the_essentials(capsys, monkeypatch, fashion_dir):
    monkeypatch.setenv("DLCOURSE_PROFILE", "fast")
    config.describe()
    out = capsys.readouterr().out
    assert "profile: fast" in out
    assert "tensorflow 2." in out and "keras 3." in out
    assert "device: CPU" in out or "device: GPU" in out
    assert "data fashion_mnist: " in out


def test_environment_has_versions():
    env = config.environment()
    assert env["packages"]["dlcourse"] != "not installed"
    assert set(env["data_sources"]) == {"fashion_mnist", "mnist"}
