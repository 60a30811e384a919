"""`casebase new` asks for missing fields with the allowed codes listed (on a terminal)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from casebase import skeleton, validate
from casebase.cli import cli


def run_new(tmp_path, args, answers):
    return CliRunner().invoke(
        cli,
        ["new", "--interactive", "--cases", str(tmp_path), *args],
        input="\n".join(answers) + "\n",
    )


def test_prompts_list_codes_and_accept_numbers_and_codes(tmp_path):
    buyer_number = skeleton.choices("buyer_type").index("nl-province") + 1
    answers = [
        "Warmtenet: pilot in Proefstad",  # Dutch title with a colon: must stay valid YAML
        "Heat network pilot",
        "Provincie Proefland",
        str(buyer_number),
        "market-consultation, 2",  # a code and a list number
        "energy-transition",
        "",  # accept the suggested id
    ]
    result = run_new(tmp_path, [], answers)
    assert result.exit_code == 0, result.output
    # the allowed codes are listed with both labels before each code question
    assert "market-consultation" in result.output and "Marktconsultatie" in result.output
    assert "Energietransitie / Energy transition" in result.output
    path = tmp_path / "warmtenet-pilot-in-proefstad.yml"
    doc, problems = validate.load(path, "case")
    assert problems == []
    assert doc.data["title"] == "Warmtenet: pilot in Proefstad"
    assert doc.data["title_en"] == "Heat network pilot"
    buyer = doc.data["buyers"][0]
    assert (buyer["name"], buyer["buyer_type"]) == ("Provincie Proefland", "nl-province")
    second = skeleton.choices("instrument")[1]
    assert doc.data["instruments"] == ["market-consultation", second]
    assert doc.data["challenges"] == ["energy-transition"]


def test_wrong_code_is_asked_again(tmp_path):
    answers = ["T", "T", "B", "nl-municipality", "pilots", "pilot", "", "mijn-id"]
    result = run_new(tmp_path, [], answers)
    assert result.exit_code == 0, result.output
    assert "'pilots' is not one of the codes" in result.output
    doc, _ = validate.load(tmp_path / "mijn-id.yml", "case")
    assert doc.data["instruments"] == ["pilot"] and doc.data["challenges"] == ["TODO"]


def test_options_given_are_not_asked(tmp_path):
    args = ["mijn-case", "--title", "Titel", "--title-en", "Title", "--buyer", "Gemeente"]
    args += ["--buyer-type", "nl-municipality", "--instrument", "pilot", "--challenge", "education"]
    result = run_new(tmp_path, args, [])
    assert result.exit_code == 0, result.output
    assert "Titel (Nederlands)" not in result.output and "Instrumenten" not in result.output


def test_bad_id_is_asked_again(tmp_path):
    answers = ["Titel", "", "", "", "", "", "Nog Fout", "goed-id"]
    result = run_new(tmp_path, ["Fout Id"], answers)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "goed-id.yml").exists()


def test_without_a_terminal_nothing_is_asked(tmp_path):
    # CliRunner's input is not a terminal: the options-only behaviour of scripts and CI
    result = CliRunner().invoke(cli, ["new", "--cases", str(tmp_path)], input="x\n")
    assert result.exit_code == 2 and "give a CASE_ID" in result.output
    result = CliRunner().invoke(cli, ["new", "ok-id", "--cases", str(tmp_path)])
    assert result.exit_code == 0 and (tmp_path / "ok-id.yml").exists()


@pytest.mark.parametrize(
    "text, many, expected",
    [
        ("1, 2", True, ["market-consultation", None]),
        ("pilot pilot", True, ["pilot"]),
        ("", True, []),
    ],
)
def test_parse_codes(text, many, expected):
    codes = skeleton.choices("instrument")
    expected = [e or codes[1] for e in expected]
    assert skeleton.parse_codes("instrument", text, many) == expected


def test_parse_codes_rejects(tmp_path):
    with pytest.raises(click.BadParameter):
        skeleton.parse_codes("instrument", "0")
    with pytest.raises(click.BadParameter):
        skeleton.parse_codes("buyer_type", "1 2", many=False)
