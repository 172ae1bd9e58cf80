"""`crosswire schema` prints the report contract's JSON Schema; usage errors exit 2."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from crosswire.cli import ExitStatus, app
from crosswire.report import load_schema

runner = CliRunner()


def test_cli_schema_prints_the_v1_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    assert printed == load_schema()
    assert printed["properties"]["schema_version"] == {"const": "1"}
    for key in ("articles", "claims", "links", "groups", "framing"):
        assert key in printed["required"]


def test_cli_compare_without_inputs_is_a_usage_error() -> None:
    result = runner.invoke(app, ["compare"])
    assert result.exit_code == ExitStatus.USAGE


def test_cli_eval_unknown_task_names_the_choices(tmp_path: object) -> None:
    result = runner.invoke(app, ["eval", "nonsense", "--data", str(tmp_path)])
    assert result.exit_code == ExitStatus.USAGE
    assert "extraction" in result.stderr


def test_cli_eval_table_shows_nested_scores_under_dotted_keys() -> None:
    from crosswire.cli import _headline

    scores = {"nli": True, "claimdiff_s": {"f1": 0.355, "n": 1084},
              "fnc1": {"score": 0.811, "confusion": {"agree": {"agree": 3}},
                       "per_class_f1": {"agree": 0.488}},
              "thresholds": {"gate": 0.45}, "notes": ["text"], "seconds": {"fnc1": 347.0}}
    assert _headline(scores) == {"claimdiff_s.f1": 0.355, "claimdiff_s.n": 1084,
                                 "fnc1.score": 0.811, "fnc1.per_class_f1.agree": 0.488,
                                 "seconds.fnc1": 347.0}
