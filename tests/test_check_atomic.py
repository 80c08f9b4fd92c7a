"""An interrupted ``--fix`` leaves every file either old or new, never half-written.

Three ways to stop it: an error between writing the temporary file and the
rename, Ctrl-C there, and killing the process (SIGKILL, SIGINT) while it
works through hundreds of files.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_check import DAMAGED, FIXTURE, PIPE, run_check, write


def leftovers(folder: Path) -> list:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".gaptext-tmp"))


def test_error_between_write_and_rename_keeps_the_old_file(tmp_path, monkeypatch):
    path = write(tmp_path / "a.txt", DAMAGED)
    before = path.read_bytes()

    def broken_replace(src, dst):
        assert Path(src).read_bytes() != before  # the new text was written in full...
        raise OSError(28, "No space left on device")  # ...and the rename fails

    monkeypatch.setattr("gaptext.cli.fix.os.replace", broken_replace)
    r = run_check("--fix", str(path))
    assert r.code == 2
    assert "a.txt" in r.err and "No space left on device" in r.err and "unchanged" in r.err
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_ctrl_c_between_write_and_rename_keeps_the_old_file(tmp_path, monkeypatch):
    path = write(tmp_path / "a.txt", DAMAGED)
    before = path.read_bytes()

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr("gaptext.cli.fix.os.replace", interrupted)
    r = run_check("--fix", str(path))
    assert r.code == 130 and "interrupted" in r.err
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_fix_keeps_the_file_mode(tmp_path):
    path = write(tmp_path / "a.txt", DAMAGED)
    os.chmod(path, 0o640)
    run_check("--fix", str(path))
    assert (os.stat(path).st_mode & 0o777) == 0o640
    assert path.read_text(encoding="utf-8") != DAMAGED


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_killed_fix_leaves_each_file_old_or_new(tmp_path, sig):
    old = FIXTURE.read_bytes()
    sample = tmp_path / "sample.txt"
    sample.write_bytes(old)
    assert run_check("--fix", str(sample)).code in (0, 1)
    new = sample.read_bytes()
    sample.unlink()
    assert new != old
    folder = tmp_path / "docs"
    folder.mkdir()
    paths = [folder / f"{i:03}.txt" for i in range(240)]
    for p in paths:
        p.write_bytes(old)
    cmd = [sys.executable, "-m", "gaptext.cli.check", *PIPE, "--fix", "-q", "-j", "2", str(folder)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if sum(p.read_bytes() == new for p in paths[:40]) >= 3:
            break
        time.sleep(0.02)
    os.killpg(proc.pid, sig)  # the whole group: the main process and its workers
    proc.wait(timeout=60)
    states = [p.read_bytes() for p in paths]
    assert all(s in (old, new) for s in states), "a file was left half-written"
    done = sum(s == new for s in states)
    assert 3 <= done < len(paths), f"the run was not stopped midway ({done} of {len(paths)} written)"
    if sig == signal.SIGINT:
        assert proc.returncode in (130, 2, -signal.SIGINT)
        time.sleep(0.2)
        assert leftovers(folder) == []
