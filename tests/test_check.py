"""gaptext-check: exit codes, formats, selection, suppression, configuration, input and fixing.

The fixture-wide acceptance checks are in test_check_fixture.py, the walk
in test_check_walk.py, atomic fixing in test_check_atomic.py and the HTML
page in a browser in test_check_html.py.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import re
import sys
from pathlib import Path
from typing import NamedTuple, Optional

import pytest

from gaptext.cli.check import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "seed-economic-work-speech.txt"

# Until the encoding step lands the pipeline runs without it (DESIGN.md);
# once it is there every test runs the whole pipeline.
HAS_ENCODING = importlib.util.find_spec("gaptext.steps.encoding") is not None
PIPE = [] if HAS_ENCODING else ["--no-mojibake"]

DAMAGED = "同志們:\n\n剛才,區(qū)長對經(jīng)濟工作進行了總結。\n"
CLEAN = "同志们：\n\n刚才，区长对经济工作进行了总结。\n"


class Run(NamedTuple):
    code: int
    out: str
    err: str
    raw: bytes


def run_check(*args: str, cwd: Optional[Path] = None, stdin: bytes = b"", pipe: bool = True) -> Run:
    """gaptext-check in this process, its output captured."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    saved = sys.stdin, sys.stdout, sys.stderr, os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
        sys.stdout, sys.stderr = out, err
        code = main([*(PIPE if pipe else []), "-j", "1", *args])
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved[:3]
        os.chdir(saved[3])
    out.flush()
    err.flush()
    raw = out.buffer.getvalue()
    return Run(code, raw.decode("utf-8", "replace"), err.buffer.getvalue().decode("utf-8"), raw)


def write(path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def diagnostics(*args: str, cwd: Optional[Path] = None, stdin: bytes = b"") -> list:
    r = run_check("--format", "json", *args, cwd=cwd, stdin=stdin)
    assert r.code in (0, 1), r.err
    return json.loads(r.out)["diagnostics"]


# -- exit codes ---------------------------------------------------------------


def test_exit_0_when_nothing_found(tmp_path):
    r = run_check(str(write(tmp_path / "clean.txt", CLEAN)))
    assert r.code == 0, r.out
    assert "All checks passed" in r.out


def test_exit_1_when_something_found(tmp_path):
    r = run_check(str(write(tmp_path / "bad.txt", DAMAGED)))
    assert r.code == 1
    assert re.search(r"bad\.txt:3:5: P101 ", r.out)


def test_exit_zero_flag(tmp_path):
    assert run_check("--exit-zero", str(write(tmp_path / "bad.txt", DAMAGED))).code == 0


def test_exit_2_for_a_missing_path_names_it(tmp_path):
    good = write(tmp_path / "bad.txt", DAMAGED)
    r = run_check(str(good), str(tmp_path / "nowhere.txt"))
    assert r.code == 2
    assert "nowhere.txt" in r.err and "No such file" in r.err
    assert "bad.txt:" in r.out  # the other file was still checked


def test_exit_2_for_a_broken_symlink(tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    r = run_check(str(link))
    assert r.code == 2 and "link.txt" in r.err


def test_exit_2_for_an_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path / "secret.txt", DAMAGED)
    real_open = open

    def deny(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", deny)
    r = run_check(str(path))
    assert r.code == 2
    assert "secret.txt" in r.err and "Permission denied" in r.err


def test_exit_2_for_usage_errors(tmp_path):
    path = str(write(tmp_path / "a.txt", DAMAGED))
    assert run_check("--format", "xml", path).code == 2
    r = run_check("--select", "Q1", path)
    assert r.code == 2 and "'Q1'" in r.err
    r = run_check("--output-encoding", "no-such-codec", path)
    assert r.code == 2 and "no-such-codec" in r.err


def test_binary_file_is_skipped_with_a_warning(tmp_path):
    write(tmp_path / "a.txt", CLEAN)
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    r = run_check(str(tmp_path))
    assert r.code == 0
    assert "image.txt" in r.err and "binary" in r.err


def test_undecodable_file_is_an_error(tmp_path):
    (tmp_path / "latin.txt").write_bytes("café crème brûlée".encode("latin-1"))
    r = run_check(str(tmp_path / "latin.txt"))
    assert r.code == 2 and "latin.txt" in r.err and "--encoding" in r.err
    assert run_check("--encoding", "latin-1", str(tmp_path / "latin.txt")).code == 0


# -- output formats -----------------------------------------------------------


def test_text_format_has_source_line_and_caret_under_the_span(tmp_path):
    path = write(tmp_path / "bad.txt", DAMAGED)
    r = run_check(str(path))
    block = r.out.split("\n\n")[0].splitlines()
    first = [b for b in r.out.split("\n\n") if ": P101 " in b][0].splitlines()
    assert first[0].endswith("inline pinyin reading removed: '(qū)' → ''") or "(qū)" in first[0]
    assert first[2].startswith("3 | 剛才")
    caret_line = first[3]
    # 剛才,區 is 2+2+1+2 = 7 columns; the caret row starts after "  | ".
    assert caret_line.index("^") - len("  | ") == 7
    assert caret_line.count("^") == 4  # (qū) is four columns
    assert "\x1b[" not in r.out  # no colour off a terminal
    assert block[0].startswith(str(path))


def test_color_always(tmp_path):
    r = run_check("--color", "always", str(write(tmp_path / "bad.txt", DAMAGED)))
    assert "\x1b[" in r.out


def test_concise_format_is_one_line_each(tmp_path):
    path = write(tmp_path / "bad.txt", DAMAGED)
    r = run_check("--format", "concise", "-q", str(path))
    lines = r.out.strip().splitlines()
    assert lines and all(re.match(rf"{re.escape(str(path))}:\d+:\d+: [A-Z]\d{{3}} ", line) for line in lines)
    assert len(lines) == len(diagnostics(str(path)))


def test_github_format_escapes_properties_and_message(tmp_path):
    path = write(tmp_path / "a,b:c.txt", "發(fā)展經濟\n")
    r = run_check("--format", "github", str(path))
    assert r.code == 1
    lines = r.out.strip().splitlines()
    assert lines
    for line in lines:
        m = re.match(r"::(error|warning|notice) (.*?)::(.*)$", line)
        assert m, line
        props = dict(p.split("=", 1) for p in m.group(2).split(","))
        assert props["file"].endswith("a%2Cb%3Ac.txt")
        assert props["line"] == "1" and int(props["col"]) >= 1
        assert props["title"].startswith("gaptext (")
    assert any("P101" in line and "::warning" in line for line in lines)
    assert any("S101" in line and "::notice" in line for line in lines)


def test_json_is_valid_against_the_shipped_schema(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    from gaptext.cli.formats.json import schema

    write(tmp_path / "bad.txt", DAMAGED)
    write(tmp_path / "clean.md", CLEAN)
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01")
    r = run_check("--format", "json", str(tmp_path), str(tmp_path / "missing.txt"))
    assert r.code == 2
    doc = json.loads(r.out)
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.Draft202012Validator(schema()).validate(doc)
    assert [f["path"] for f in doc["files"]] == [str(tmp_path / n) for n in ("bad.txt", "bin.txt", "clean.md")]
    assert doc["errors"][0]["path"].endswith("missing.txt")
    assert doc["summary"]["diagnostics"] == len(doc["diagnostics"]) > 0


def test_statistics(tmp_path):
    path = write(tmp_path / "bad.txt", DAMAGED)
    r = run_check("--statistics", str(path))
    rows = [line.split("\t") for line in r.out.strip().splitlines()]
    counts = {code: int(n) for n, code, _ in rows}
    expected: dict = {}
    for d in diagnostics(str(path)):
        expected[d["code"]] = expected.get(d["code"], 0) + 1
    assert counts == expected
    assert r.code == 1


# -- selection and suppression -----------------------------------------------


def codes(*args, **kwargs) -> set:
    return {d["code"] for d in diagnostics(*args, **kwargs)}


def test_select_and_ignore_by_prefix(tmp_path):
    path = str(write(tmp_path / "bad.txt", DAMAGED))
    everything = codes(path)
    assert {"P101", "S101", "L101"} <= everything
    assert codes("--select", "P", path) == {"P101"}
    assert codes("--select", "P,S101", path) == {"P101", "S101"}
    assert codes("--ignore", "S", "--ignore", "L101", path) == everything - {"S101", "L101"}
    # The more specific prefix wins, as in ruff.
    assert codes("--select", "S101", "--ignore", "S", path) == {"S101"}
    assert codes("--select", "ALL", "--ignore", "P1", path) == everything - {"P101"}


def test_ignored_repairs_are_not_applied_by_fix(tmp_path):
    path = write(tmp_path / "bad.txt", DAMAGED)
    r = run_check("--fix", "--ignore", "S101", str(path))
    text = path.read_text(encoding="utf-8")
    assert "(qū)" not in text and "區長" in text  # pinyin gone, script kept
    assert r.code == 0
    assert codes("--select", "S", str(path)) == {"S101"}


def test_inline_disable_enable_and_ignore(tmp_path):
    text = (
        "發(fā)展\n"
        "<!-- gaptext: disable=P101 -->\n"
        "發(fā)展\n"
        "發(fā)展 # gaptext: ignore\n"
        "<!-- gaptext: enable -->\n"
        "發(fā)展\n"
        "// gaptext: disable\n"
        "發(fā)展\n"
    )
    path = write(tmp_path / "a.txt", text)
    found = {(d["code"], d["line"]) for d in diagnostics(str(path))}
    assert ("P101", 1) in found and ("S101", 1) in found
    assert ("P101", 3) not in found and ("S101", 3) in found
    assert not any(line == 4 for _, line in found)
    assert ("P101", 6) in found
    assert not any(line == 8 for _, line in found)
    run_check("--fix", str(path))
    fixed = path.read_text(encoding="utf-8").splitlines()
    assert fixed[0] == "发展"
    assert fixed[2] == "发(fā)展"  # P101 suppressed here, S101 not
    assert fixed[3].startswith("發(fā)展")
    assert fixed[5] == "发展"
    assert fixed[7] == "發(fā)展"


# -- configuration ------------------------------------------------------------


def test_pyproject_config_found_upward(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.gaptext]\nignore = ["S"]\n')
    path = write(tmp_path / "docs" / "deep" / "bad.txt", DAMAGED)
    found = codes(str(path), cwd=tmp_path / "docs")
    assert found and not any(c.startswith("S") for c in found)


def test_pyproject_without_our_table_is_passed_over(tmp_path):
    (tmp_path / ".gaptext.toml").write_text('select = ["P"]\n')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    path = write(tmp_path / "sub" / "bad.txt", DAMAGED)
    assert codes(str(path)) == {"P101"}


def test_gaptext_toml_wins_in_its_directory_and_cli_overrides(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.gaptext]\nselect = ["L"]\n')
    (tmp_path / ".gaptext.toml").write_text('select = ["P"]\nconvert = "none"\n')
    path = str(write(tmp_path / "bad.txt", DAMAGED))
    assert codes(path) == {"P101"}
    assert codes("--select", "L", path) == {"L101"}
    assert codes("--isolated", path) >= {"P101", "S101", "L101"}


def test_unknown_config_key_is_an_error_naming_it(tmp_path):
    (tmp_path / ".gaptext.toml").write_text('selekt = ["P"]\n')
    path = str(write(tmp_path / "bad.txt", DAMAGED))
    r = run_check(path)
    assert r.code == 2
    assert "'selekt'" in r.err and ".gaptext.toml" in r.err and "did you mean 'select'" in r.err
    assert r.out == ""


@pytest.mark.parametrize(
    "body, words",
    [
        ('[tool.gaptext]\nfix = true\n', ["'fix'", "pyproject.toml"]),
        ('[tool.gaptext]\npinyin = "yes"\n', ["'pinyin'", "true or false"]),
        ('[tool.gaptext]\nselect = ["P", "X9"]\n', ["'select'", "'X9'"]),
        ('[tool.gaptext]\nconvert = "s2t"\n', ["'convert'", "s2t"]),
        ('[tool.gaptext\nselect = 1\n', ["invalid TOML", "pyproject.toml"]),
    ],
)
def test_broken_config_exits_2_naming_the_key(tmp_path, body, words):
    (tmp_path / "pyproject.toml").write_text(body)
    r = run_check(str(write(tmp_path / "bad.txt", DAMAGED)))
    assert r.code == 2
    for word in words:
        assert word in r.err


def test_per_file_ignores(tmp_path):
    (tmp_path / ".gaptext.toml").write_text('[per-file-ignores]\n"notes/*.txt" = ["S", "L"]\n')
    write(tmp_path / "notes" / "a.txt", DAMAGED)
    write(tmp_path / "b.txt", DAMAGED)
    found = diagnostics(str(tmp_path), cwd=tmp_path)
    by_file = {}
    for d in found:
        by_file.setdefault(Path(d["path"]).name, set()).add(d["code"])
    assert by_file["a.txt"] == {"P101"}
    assert {"S101", "L101"} <= by_file["b.txt"]


# -- input: stdin, encodings, line endings -------------------------------------


def test_stdin_with_a_filename(tmp_path):
    r = run_check("--format", "json", "--stdin-filename", "speech.txt", "-", stdin=DAMAGED.encode("gbk"))
    doc = json.loads(r.out)
    assert r.code == 1
    assert doc["files"][0]["path"] == "speech.txt" and doc["files"][0]["encoding"] == "gbk"
    assert {d["path"] for d in doc["diagnostics"]} == {"speech.txt"}


def test_stdin_fix_writes_the_fixed_text_to_stdout_in_its_encoding(tmp_path):
    r = run_check("--fix", "-", stdin=DAMAGED.encode("gbk"))
    assert r.raw == CLEAN.encode("gbk")
    assert r.code == 0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "gbk", "gb18030"])
def test_every_encoding_gives_the_same_diagnostics(tmp_path, encoding):
    text = DAMAGED + "鞏固發(fā)展,€\n" if encoding in ("utf-8", "gb18030") else DAMAGED
    base = diagnostics(str(write(tmp_path / "u.txt", text)))
    raw = text.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    (tmp_path / "e.txt").write_bytes(raw)
    doc = json.loads(run_check("--format", "json", str(tmp_path / "e.txt")).out)
    other = doc["diagnostics"]
    strip = lambda ds: [{k: v for k, v in d.items() if k != "path"} for d in ds]  # noqa: E731
    assert strip(other) == strip(base)
    assert doc["files"][0]["encoding"].replace("_", "-") in {
        "utf-8": ("utf-8",), "utf-8-sig": ("utf-8",), "utf-16": ("utf-16-le",), "utf-16-be": ("utf-16-be",),
        "gbk": ("gbk",), "gb18030": ("gb18030",),
    }[encoding]


def test_crlf_twin_gives_the_same_diagnostics_and_fix_keeps_crlf(tmp_path):
    lf = write(tmp_path / "lf.txt", DAMAGED)
    crlf = write(tmp_path / "crlf.txt", DAMAGED, newline="\r\n")
    a = diagnostics(str(lf))
    b = diagnostics(str(crlf))
    assert [(d["code"], d["line"], d["column"], d["end_line"], d["end_column"]) for d in a] == [
        (d["code"], d["line"], d["column"], d["end_line"], d["end_column"]) for d in b
    ]
    run_check("--fix", str(crlf))
    assert crlf.read_bytes() == CLEAN.replace("\n", "\r\n").encode("utf-8")


# -- fixing ------------------------------------------------------------------


def test_fix_rewrites_in_the_original_encoding_and_reports_what_remains(tmp_path):
    path = write(tmp_path / "a.txt", DAMAGED, encoding="gbk")
    r = run_check("--fix", str(path))
    assert path.read_bytes() == CLEAN.encode("gbk")
    assert r.code == 0 and "Fixed" in r.out
    again = run_check("--fix", str(path))
    assert path.read_bytes() == CLEAN.encode("gbk") and again.code == 0


def test_fix_with_output_encoding_converts(tmp_path):
    path = write(tmp_path / "a.txt", DAMAGED, encoding="gbk")
    run_check("--fix", "--output-encoding", "utf-8", str(path))
    assert path.read_bytes() == CLEAN.encode("utf-8")


def test_fix_that_cannot_be_encoded_keeps_the_file(tmp_path):
    # Big5 has no simplified 发: the fixed text cannot be stored as Big5.
    path = write(tmp_path / "a.txt", "發(fa)展經濟工作會議\n", encoding="big5")
    before = path.read_bytes()
    r = run_check("--fix", str(path))
    assert r.code == 2
    assert "big5" in r.err and "file left unchanged" in r.err and "--output-encoding" in r.err
    assert path.read_bytes() == before
    assert run_check("--fix", "--output-encoding", "utf-8", str(path)).code == 0
    assert path.read_text(encoding="utf-8") == "发展经济工作会议\n"


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path):
    path = write(tmp_path / "a.txt", DAMAGED)
    r = run_check("--diff", str(path))
    assert r.code == 1
    assert r.out.startswith(f"--- a/{path}\n+++ b/{path}\n@@")
    assert "-剛才,區(qū)長對經(jīng)濟工作進行了總結。" in r.out and "+刚才，区长对经济工作进行了总结。" in r.out
    assert path.read_text(encoding="utf-8") == DAMAGED
    clean = write(tmp_path / "b.txt", CLEAN)
    r = run_check("--diff", str(clean))
    assert r.code == 0 and r.out == ""


def test_fix_never_fills_gaps_unless_asked(tmp_path):
    text = "一是思想解放。二是发展提速。是新农村建设。四是加快发展。\n"
    path = write(tmp_path / "a.txt", text)
    found = diagnostics(str(path))
    gaps = [d for d in found if d["code"].startswith("G")]
    if not any(d["suggestion"] for d in gaps):
        pytest.skip("gap detection with suggestions has not landed")
    assert not any(d["fixable"] for d in gaps)
    r = run_check("--fix", str(path))
    assert path.read_text(encoding="utf-8") == text and r.code == 1
    run_check("--fix", "--fill", str(path))
    assert path.read_text(encoding="utf-8") == text.replace("。是新", "。三是新")


# -- walking -------------------------------------------------------------------


def test_directory_walk_include_and_exclude(tmp_path):
    write(tmp_path / "a.txt", DAMAGED)
    write(tmp_path / "b.md", DAMAGED)
    write(tmp_path / "c.py", DAMAGED)
    write(tmp_path / "drafts" / "d.txt", DAMAGED)
    write(tmp_path / "node_modules" / "e.txt", DAMAGED)
    files = lambda *a: {Path(f["path"]).name for f in json.loads(run_check("--format", "json", *a).out)["files"]}  # noqa: E731
    assert files(str(tmp_path)) == {"a.txt", "b.md", "d.txt"}
    assert files("--exclude", "drafts/", str(tmp_path)) == {"a.txt", "b.md"}
    assert files("--include", "*.py", str(tmp_path)) == {"c.py"}
    # A file named on the command line is checked whatever include says.
    assert files(str(tmp_path / "c.py")) == {"c.py"}


def test_parallel_run_matches_serial(tmp_path):
    for i in range(6):
        write(tmp_path / f"{i}.txt", DAMAGED * (i + 1))
    serial = run_check("--format", "json", str(tmp_path))
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    saved = sys.stdout
    try:
        sys.stdout = out
        code = main([*PIPE, "-j", "2", "--format", "json", str(tmp_path)])
    finally:
        sys.stdout = saved
    out.flush()
    parallel = json.loads(out.buffer.getvalue())
    assert code == serial.code == 1
    assert parallel["diagnostics"] == json.loads(serial.out)["diagnostics"]


# -- progress ------------------------------------------------------------------


def test_progress_bar_only_on_a_terminal(tmp_path):
    import pty
    import subprocess

    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(12):
        write(docs / f"{i:02}.txt", DAMAGED)
    cmd = [sys.executable, "-m", "gaptext.cli.check", *PIPE, "-j", "1", "--statistics", str(docs)]
    piped = subprocess.run(cmd, capture_output=True, text=True)
    assert piped.returncode == 1 and "files" not in piped.stderr
    master, slave = pty.openpty()
    report = tmp_path / "stdout.txt"
    with report.open("wb") as stdout:
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=slave)
    os.close(slave)
    chunks = []
    while True:  # drain the terminal while the linter runs (a full one would block it)
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the linter closed its end
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    seen = b"".join(chunks).decode("utf-8", "replace")
    out = report.read_text(encoding="utf-8")
    assert proc.returncode == 1
    assert "12/12 files" in seen and "MB/s" in seen
    assert seen.endswith("\r\x1b[2K")  # erased when done
    assert "files" not in out


def test_verbose_reports_each_files_encoding(tmp_path):
    write(tmp_path / "a.txt", DAMAGED, encoding="gbk")
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe" + DAMAGED.encode("utf-16-le"))
    r = run_check("-v", "--statistics", str(tmp_path))
    assert re.search(r"a\.txt: gbk, \d+ characters, \d+ diagnostics", r.err)
    assert re.search(r"b\.txt: utf-16-le \(BOM\), \d+ characters", r.err)


def test_pre_commit_hooks_run_the_console_script():
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    ids = re.findall(r"^- id: (\S+)$", hooks, re.M)
    entries = re.findall(r"^  entry: (\S+)", hooks, re.M)
    assert ids == ["gaptext-check", "gaptext-fix"]
    assert set(entries) == {"gaptext-check"}
    assert 'gaptext-check = "gaptext.cli.check:main"' in pyproject
    assert all(lang == "python" for lang in re.findall(r"^  language: (\S+)$", hooks, re.M))


def test_suppression_parsing_is_linear_on_adversarial_input():
    import time

    from gaptext.cli.suppress import Suppressions

    text = "# gaptext: disable=" + "P1, " * 20000 + "!\n" + "<!-- gaptext:" * 20000 + "\n"
    start = time.process_time()
    Suppressions.parse(text)
    assert time.process_time() - start < 1.0
