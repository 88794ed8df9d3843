"""M2.2: opt-out, opt-in and help words on the whole trimmed message, case-insensitive."""

import pytest

from events.keywords import classify


@pytest.mark.parametrize("word", ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"])
def test_M2_2_every_opt_out_word_in_any_case_with_spaces(word):
    assert classify(word) == classify(f"  {word.lower()}\n") == classify(word.title()) == "opt_out"


@pytest.mark.parametrize("word, kind", [("START", "opt_in"), ("unstop", "opt_in"), (" Help ", "help")])
def test_M2_2_opt_in_and_help(word, kind):
    assert classify(word) == kind


@pytest.mark.parametrize("text", ["STOP please", "stop.", "S T O P", "", None, "helpful", "ENDING", "opt out"])
def test_M2_2_anything_else_is_no_keyword(text):
    assert classify(text) is None
