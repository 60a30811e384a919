"""Hostile input is refused quickly and safely, with a position and without a traceback."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from casebase import validate, yamlsafe
from casebase.cli import cli

INVALID = Path(__file__).parent / "fixtures" / "invalid"


def errors(path: Path) -> list[str]:
    return [p.format() for p in validate.validate([path]).errors]


def test_huge_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "huge.yml"
    path.write_text("id: huge\ndescription: " + "x" * (yamlsafe.MAX_BYTES + 10))
    assert errors(path) == [
        f"{path}:1:1: error: file is {path.stat().st_size} bytes; the limit is {yamlsafe.MAX_BYTES} bytes"
    ]


def test_non_utf8_reports_position(tmp_path):
    path = tmp_path / "latin1.yml"
    path.write_bytes("id: latin1\ntitle: co\xf6peratie\n".encode("latin-1"))
    assert errors(path) == [f"{path}:2:10: error: file is not valid UTF-8; save it as UTF-8"]


def test_nul_byte(tmp_path):
    path = tmp_path / "nul.yml"
    path.write_bytes(b"id: nul\ntitle: a\x00b\n")
    assert errors(path) == [f"{path}:2:9: error: NUL byte in file; case files are UTF-8 text"]


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "norway.yml"
    path.write_bytes(b"\xef\xbb\xbf" + (INVALID / "norway.yml").read_bytes())
    assert errors(path) == []


def test_symlink_outside_cases_folder(tmp_path):
    outside = tmp_path / "secret.yml"
    outside.write_text("id: secret\n")
    cases = tmp_path / "cases"
    cases.mkdir()
    os.symlink(outside, cases / "secret.yml")
    assert errors(cases) == [
        f"{cases / 'secret.yml'}:1:1: error: symlink points outside the cases folder; copy the file instead"
    ]


def test_symlink_inside_cases_folder_is_fine(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "real.yml").write_text((INVALID / "norway.yml").read_text().replace("norway", "real"))
    os.symlink(cases / "real.yml", cases / "alias.yml")
    assert not any("symlink points" in e for e in errors(cases))


def test_alias_bomb_is_refused_before_expansion():
    # Expanding this bomb would take minutes and gigabytes: the first alias is refused.
    assert errors(INVALID / "alias-bomb.yml") == [
        f"{INVALID / 'alias-bomb.yml'}:1:4: error: anchors and aliases (&name / *name) are not "
        "allowed; write the value out"
    ]


def test_python_tag_is_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "tag.yml"
    path.write_text(f'title: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert "is not allowed" in errors(path)[0]
    assert not marker.exists()


def test_cli_never_shows_a_traceback():
    result = CliRunner().invoke(cli, ["validate", str(INVALID)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
