"""The profile: validation that names the field and the expected form, and never shows a value."""

import copy
import stat

import pytest
from profile_helpers import SAMPLE, write

from callprep.errors import DataFileError
from callprep.model.profile import account_matches_bik, load_profile


def changed(path, value):
    profile = copy.deepcopy(SAMPLE)
    *tables, key = path.split(".")
    node = profile
    for table in tables:
        node = node[table]
    if value is None:
        del node[key]
    else:
        node[key] = value
    return profile


def test_sample_loads(tmp_path):
    profile = load_profile(write(tmp_path / "me.toml"))
    assert profile.phone == "+79123456789" and profile.citizenship == "CN"
    assert profile.citizenship_in("ru") == "Китай" and profile.citizenship_in("zh_Hans_CN") == "中国"


@pytest.mark.parametrize(
    ("field", "bad", "expected"),
    [
        ("name.latin", "Ван", "Latin letters"),
        ("name.cyrillic", "WANG", "Cyrillic"),
        ("citizenship", "XX", "two-letter country code"),
        ("passport.number", "12<b>", "5 to 20 letters and digits"),
        ("passport.series", "A B", "series"),
        ("passport.issued", "2099-01-01", "not in the future"),
        ("passport.issued", "15.03.2021", "YYYY-MM-DD"),
        ("passport.issuer", "X", "authority"),
        ("phone", "12345", "+7 XXX XXX-XX-XX"),
        ("contract", "no <contract>", "contract number"),
        ("address", "Msk", "address"),
        ("refund.bik", "04452522", "9 digits"),
        ("refund.account", "4081781093816092598", "20 digits"),
        ("refund.account", "40817810938160925983", "control key"),
        ("refund.method", "cash", "bank_account, card or other_number"),
        ("refund.recipient", None, "account holder"),
    ],
)
def test_each_field_error_names_field_not_value(tmp_path, field, bad, expected):
    with pytest.raises(DataFileError) as error:
        load_profile(write(tmp_path / "me.toml", changed(field, bad)))
    message = str(error.value)
    assert f"me.toml: {field}:" in message
    assert expected in message
    if bad:
        assert bad not in message


def test_card_and_other_number(tmp_path):
    card = {"method": "card", "card": "4111 1111 1111 1111"}
    assert load_profile(write(tmp_path / "a.toml", changed("refund", card))).refund.card == "4111111111111111"
    with pytest.raises(DataFileError, match=r"refund\.card: not valid; expected the card number"):
        load_profile(write(tmp_path / "b.toml", changed("refund", {"method": "card", "card": "4111 1111 1111 1112"})))
    other = {"method": "other_number", "number": "8 912 000-00-00"}
    assert load_profile(write(tmp_path / "c.toml", changed("refund", other))).refund.number == "+79120000000"
    with pytest.raises(DataFileError, match=r"refund\.number: missing"):
        load_profile(write(tmp_path / "d.toml", changed("refund", {"method": "other_number"})))


def test_unknown_field_and_missing_required(tmp_path):
    with pytest.raises(DataFileError, match=r"passport\.number: missing"):
        load_profile(write(tmp_path / "a.toml", changed("passport.number", None)))
    with pytest.raises(DataFileError, match=r"a field or table that is not a profile field; valid: name,"):
        load_profile(write(tmp_path / "b.toml", {**SAMPLE, "nickname": "Wang"}))


def test_bad_toml_and_missing_file(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('phone = "+7 912 345', encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_profile(broken)
    assert "not valid TOML" in str(error.value) and "912" not in str(error.value)
    with pytest.raises(DataFileError, match="no such profile; make one with: callprep profile init"):
        load_profile(tmp_path / "none.toml")


@pytest.mark.parametrize(
    ("bik", "account", "valid"),
    [
        ("044525225", "40817810938160925982", True),
        ("044525225", "40817810938160925981", False),
    ],
)
def test_account_control_key(bik, account, valid):
    assert account_matches_bik(bik, account) is valid


def test_profile_init_template(run, tmp_path):
    target = tmp_path / "me.toml"
    result = run("profile", "init", "--template", "-o", str(target), "--lang", "zh")
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "# callprep 个人资料" in text and 'latin = ""' in text
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    check = run("profile", "check", str(target))
    assert check.exit_code == 1 and "name.latin: not valid" in check.output
    again = run("profile", "init", "--template", "-o", str(target))
    assert again.exit_code == 1 and "exists; pass --force" in again.output


def test_profile_init_prompts_again_only_for_bad_values(run, tmp_path):
    target = tmp_path / "me.toml"
    answers = [
        "WANG XIAOMING",
        "",  # names
        "CN",  # citizenship
        "",
        "E98765432",
        "2021-03-15",
        "MPS of the PRC",  # passport
        "12345",  # phone (bad)
        "",
        "",  # contract, address
        "",  # contact
        "card",  # refund method
        "4111111111111111",  # card
        "+7 912 345-67-89",  # phone again
    ]
    result = run("profile", "init", "--prompt", "-o", str(target), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    questions = [line for line in result.output.splitlines() if line.endswith(": ") or ": " in line]
    assert questions[0].startswith("Your name in Latin letters (as in the passport): ")
    assert "The Russian number you are cancelling: not valid; expected" in result.output
    assert result.output.count("The Russian number you are cancelling (") == 2  # asked again, alone
    assert result.output.count("Card number (") == 1
    assert "12345" not in result.output.split("not valid")[-1]  # the bad value is not echoed back
    profile = load_profile(target)
    assert profile.refund.card == "4111111111111111" and profile.phone == "+79123456789"


def test_profile_check_ok(run, tmp_path):
    result = run("profile", "check", str(write(tmp_path / "me.toml")))
    assert result.exit_code == 0 and "ok:" in result.output


def test_contact_cannot_be_the_number_being_cancelled(run, tmp_path):
    """The number being cancelled stops working: as the contact for the reply it is refused."""
    profile = tmp_path / "me.toml"
    text = write(tmp_path / "base.toml").read_text(encoding="utf-8")
    profile.write_text(
        text.replace('phone = "+7 912 345-67-89"', 'phone = "+7 912 345-67-89"\ncontact = "+7 (912) 345 67 89"')
    )
    profile.chmod(0o600)
    result = run("profile", "check", str(profile))
    assert result.exit_code == 1 and "contact" in result.output and "not the number you are cancelling" in result.output
    assert "912" not in result.output.split("contact", 1)[1]  # the value is not echoed
