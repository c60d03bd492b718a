"""config.course_repository: the course's repository, one setting in pyproject.toml."""

import pytest

from dlcourse import config


def _pyproject(tmp_path, body):
    path = tmp_path / "pyproject.toml"
    path.write_text(body)
    return path


def test_the_projects_setting_is_a_real_repository_not_a_placeholder():
    course = config.course_repository()
    assert course["repository"].startswith("https://github.com/")
    assert "YOUR-ORG" not in course["repository"]


def test_install_line_and_colab_badge_follow_the_setting(tmp_path):
    path = _pyproject(tmp_path, '[tool.dlcourse]\nrepository = "https://github.com/uni/dl-2027/"\n'
                                'branch = "winter"\n')
    assert config.install_spec(path) == "dlcourse @ git+https://github.com/uni/dl-2027@winter"
    assert config.colab_url("01_a.ipynb", path) == (
        "https://colab.research.google.com/github/uni/dl-2027/blob/winter/notebooks/01_a.ipynb")


def test_branch_defaults_to_main(tmp_path):
    path = _pyproject(tmp_path, '[tool.dlcourse]\nrepository = "https://github.com/uni/dl"\n')
    assert config.install_spec(path).endswith("@main")


@pytest.mark.parametrize("body", [
    "",  # no table
    '[tool.dlcourse]\nrepository = "https://github.com/YOUR-ORG/dlcourse"\n',
    '[tool.dlcourse]\nrepository = "github.com/uni/dl"\n',  # no scheme: Colab cannot open it
    '[tool.dlcourse]\nrepository = "https://gitlab.com/uni/dl"\n',  # Colab opens GitHub only
])
def test_a_missing_or_placeholder_repository_is_refused(tmp_path, body):
    with pytest.raises(ValueError, match=r"Expected \[tool.dlcourse\] repository"):
        config.course_repository(_pyproject(tmp_path, body))


def test_a_missing_pyproject_says_where_it_looked(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere.toml"):
        config.course_repository(tmp_path / "nowhere.toml")
