"""Loading rules: files and texts, diagnostics, selection."""

import pytest

import falconet
from conftest import RULES


def test_rules_in_file_order(rules):
    assert [(r.name, r.priority, r.active) for r in rules.rules] == [
        ("User created", falconet.Priority.WARNING, True),
        ("Any IAM call", falconet.Priority.INFORMATIONAL, True),
        ("User deleted", falconet.Priority.ERROR, False),
    ]
    assert {r.source for r in rules.rules} == {"aws_cloudtrail"}
    assert rules.warnings == ()


def test_from_file(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(RULES)
    assert len(falconet.Ruleset.from_file(path).rules) == 3
    assert len(falconet.Ruleset([str(path)]).rules) == 3


def test_load_error_carries_the_diagnostics():
    # The condition starts on line 3, column 14, with the unknown field.
    text = ("- rule: Broken\n  desc: d\n  condition: ct.nosuch = x\n"
            "  output: o\n  priority: INFO\n  source: aws_cloudtrail\n")
    with pytest.raises(falconet.LoadError) as caught:
        falconet.Ruleset.from_string(text, name="broken.yaml")
    error = caught.value
    assert isinstance(error, falconet.FalconetError)
    assert error.code == -4
    assert len(error.errors) == 1
    d = error.errors[0]
    assert (d.severity, d.code, d.file, d.line, d.column) == (
        "error", "LOAD_ERR_COMPILE_CONDITION", "broken.yaml", 3, 14)
    assert d.message == "filter_check called with nonexistent field ct.nosuch"
    assert d.text == "Error compiling condition"
    assert "ct.nosuch = x" in d.snippet
    assert "broken.yaml:3:14: error: LOAD_ERR_COMPILE_CONDITION" in str(error)


def test_missing_file():
    with pytest.raises(falconet.LoadError) as caught:
        falconet.Ruleset.from_file("/nonexistent/rules.yaml")
    assert [d.code for d in caught.value.errors] == ["LOAD_ERR_FILE_READ"]


def test_warnings_are_kept():
    rules = falconet.Ruleset.from_string(
        RULES + "- macro: never_used\n  condition: ct.name = X\n")
    assert [(w.severity, w.code, w.item_name) for w in rules.warnings] == [
        ("warning", "LOAD_UNUSED_MACRO", "never_used")]


def test_later_texts_append():
    more = ("- rule: Any IAM call\n  condition: and ct.user = alice\n"
            "  override:\n    condition: append\n")
    rules = falconet.Ruleset(strings=[("a.yaml", RULES), ("b.yaml", more)])
    assert len(rules.rules) == 3


def active(**selection):
    rules = falconet.Ruleset.from_string(RULES, **selection)
    return [r.name for r in rules.rules if r.active]


def test_selection():
    assert active(disable=["User *"]) == ["Any IAM call"]
    assert active(enable="*deleted") == [
        "User created", "Any IAM call", "User deleted"]
    assert active(disable_tags=["aws"]) == ["Any IAM call"]
    assert active(disable_tags=["iam"], enable=["*"]) == ["User deleted"]
    assert active(min_priority="warning") == ["User created"]
    assert active(min_priority=falconet.Priority.DEBUG) == [
        "User created", "Any IAM call"]


def test_bad_arguments():
    with pytest.raises(ValueError):
        falconet.Ruleset.from_string(RULES, min_priority="loud")
    with pytest.raises(falconet.LoadError):
        falconet.Ruleset.from_string(RULES, extra_fields=["ct.nosuch"])
    with pytest.raises(TypeError):
        falconet.Ruleset.from_file(42)


def test_closed_ruleset(rules):
    rules.close()
    rules.close()  # twice is fine
    with pytest.raises(falconet.FalconetError):
        rules.rules
    with pytest.raises(falconet.FalconetError):
        falconet.Evaluator(rules)


def test_fields():
    fields = {f.name: f for f in falconet.list_fields("aws_cloudtrail")}
    assert fields["ct.name"].type == "string"
    assert fields["evt.num"].type == "uint64"
    assert fields["json.value"].argument == "required"
    assert fields["ct.name"].description
    with pytest.raises(falconet.NotFoundError) as caught:
        falconet.list_fields("syscall")
    assert isinstance(caught.value, LookupError)


def test_priority_names():
    assert falconet.Priority.INFORMATIONAL.falco_name == "Informational"
    assert falconet.Priority.parse("info") == falconet.Priority.INFORMATIONAL
    assert falconet.Priority.parse(3) == falconet.Priority.ERROR
