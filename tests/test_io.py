"""The package's one owner of atomic writes: files and folders appear whole or not at all."""

import pytest

from dlcourse._io import atomic_folder, atomic_write


def test_atomic_write_replaces_the_file_whole(tmp_path):
    out = atomic_write(tmp_path / "sub" / "a.csv", "x,y\n")
    assert out.read_text() == "x,y\n"
    atomic_write(out, b"new")
    assert out.read_bytes() == b"new"
    assert [p.name for p in out.parent.iterdir()] == ["a.csv"]  # no temporary left


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path):
    out = atomic_write(tmp_path / "a.txt", "old")
    with pytest.raises(TypeError):
        atomic_write(out, None)
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_atomic_folder_appears_only_when_complete(tmp_path):
    dest = tmp_path / "cache"
    with atomic_folder(dest) as tmp:
        (tmp / "a.gz").write_bytes(b"1")
        assert not dest.exists()  # nobody sees a half-filled folder
    assert [p.name for p in dest.iterdir()] == ["a.gz"]


def test_atomic_folder_leaves_nothing_when_the_block_fails(tmp_path):
    dest = tmp_path / "cache"
    with pytest.raises(RuntimeError, match="disk full"), atomic_folder(dest) as tmp:
        (tmp / "a.gz").write_bytes(b"1")
        raise RuntimeError("disk full")
    assert list(tmp_path.iterdir()) == []


def test_atomic_folder_refuses_to_overwrite(tmp_path):
    dest = tmp_path / "cache"
    dest.mkdir()
    with pytest.raises(FileExistsError, match="Remove it first"), atomic_folder(dest):
        pass
    assert list(tmp_path.iterdir()) == [dest]
