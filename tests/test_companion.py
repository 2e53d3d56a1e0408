"""The call companion: its branches in the data (data/companion.toml)."""

import pytest

from callprep.errors import DataFileError
from callprep.model.companion import CompanionFlow, companion_flow, parse_flow
from callprep.model.phrases import catalogue
from callprep.model.scripts import scripts


def test_branches_refer_to_known_phrases_of_the_right_speaker():
    known = catalogue()
    flow = companion_flow()
    for spec in flow.branch:
        assert spec.phrase_ids(), spec.id
        if spec.hear:
            assert known[spec.hear].speaker == "staff", spec.id
        assert all(known[pid].speaker == "you" for pid in spec.answer + spec.say), spec.id
    issue = {"codeword", "passport", "address", "birth_date", "offer", "store", "hold", "dropped", "unclear"}
    assert issue <= {spec.id for spec in flow.branch}


def test_branches_from_the_script_name_a_turn_of_their_modes():
    """A branch that takes its turn from the scripts names one that the scripts of each of its modes have."""
    turns = scripts()
    for spec in companion_flow().branch:
        if spec.from_script:
            for mode in spec.modes:
                assert any(step.hear == spec.hear for step in getattr(turns, mode)), (spec.id, mode)


def test_the_companion_adds_its_own_turns_as_phrase_ids():
    own = {spec.id: spec for spec in companion_flow().branch if not spec.from_script}
    assert own["birth_date"].hear == "q_birth_date" and own["birth_date"].answer == ["a_birth_date"]
    assert own["dropped"].dial and own["dropped"].say[:2] == ["greeting", "call_again"]
    assert {"dont_understand", "repeat_slowly", "send_by_sms"} <= set(own["unclear"].say)
    for phrase_id in ("q_birth_date", "a_birth_date", "call_again", "have_request_number", "repeat_slowly"):
        assert catalogue()[phrase_id].en


def _flow(**branch):
    base = {"id": "x", "label": "X", "modes": ["hotline"]}
    return CompanionFlow.model_validate({"branch": [{**base, **branch}]}, strict=False)


@pytest.mark.parametrize(
    ("branch", "message"),
    [
        ({"say": ["no_such_phrase"]}, "unknown phrase 'no_such_phrase'"),
        ({"hear": "greeting"}, "staff say it, not you"),
        ({"say": ["q_offer"]}, "you say it, not staff"),
    ],
)
def test_a_bad_branch_is_refused(branch, message):
    with pytest.raises(DataFileError, match=message):
        parse_flow(_flow(**branch))


def test_a_branch_has_one_turn():
    with pytest.raises(ValueError, match="either `say` or `hear`"):
        _flow(hear="q_offer", say=["greeting"])
    with pytest.raises(ValueError, match="either `say` or `hear`"):
        _flow()


def test_branch_ids_are_unique():
    flow = CompanionFlow.model_validate(
        {"branch": [{"id": "x", "label": "X", "modes": ["store"], "say": ["greeting"]}] * 2}, strict=False
    )
    with pytest.raises(DataFileError, match="used twice"):
        parse_flow(flow)
