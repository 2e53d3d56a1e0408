"""The built-in data's snapshots cannot go stale: each is named by the hashes of everything it was
made from, and what it holds is what validating the file gives; the records match their schemas."""

import dataclasses
import shutil
import subprocess
import sys

import pytest
from pydantic import BaseModel, RootModel

from callprep import snapshots as snapshot_store
from callprep.errors import DataFileError
from callprep.model import carriers, common_facts, companion, phrases, plan, records, schema, scripts, wording
from callprep.model import spoken as words

BUILTIN_NAMES = [
    "common.toml",
    "phrases.toml",
    "plan.toml",
    "scripts.toml",
    "companion.toml",
    "forms.toml",
    "speech.toml",
    *carriers.builtin_names(),
]
CACHED = [
    common_facts.common_facts,
    phrases.catalogue,
    plan.plan_steps,
    scripts.scripts,
    companion.companion_flow,
    wording.wording,
    words.speech_words,
    records.snapshot_folder,
    records.code_key,
    records.builtin_digest,
]


@pytest.fixture(autouse=True)
def fresh_process_state():
    """Every test starts as a new process does: nothing loaded, the cache folder of its own."""
    for function in CACHED:
        function.cache_clear()
    yield
    for function in CACHED:
        function.cache_clear()


def load_everything():
    """Every built-in file, through the snapshots (validated when there is none)."""
    return {
        "common.toml": common_facts.common_facts(),
        "phrases.toml": phrases.catalogue(),
        "plan.toml": plan.plan_steps(),
        "scripts.toml": scripts.scripts(),
        "companion.toml": companion.companion_flow(),
        "forms.toml": wording.wording(),
        "speech.toml": words.speech_words(),
        **{name: carriers.builtin_carrier(name) for name in carriers.builtin_names()},
    }


def snapshots():
    return sorted(records.snapshot_folder().glob("*" + records.SNAPSHOT_SUFFIX))


def test_a_snapshot_holds_what_validating_the_file_gives():
    validated = load_everything()  # an empty cache: every file is validated, and kept
    assert len(snapshots()) == len(BUILTIN_NAMES)
    for function in CACHED:
        function.cache_clear()
    kept = load_everything()  # now every file comes from its snapshot
    assert kept == validated
    assert kept["carriers/mts.toml"].hotline.own_sim.display() == "0890"
    assert kept["carriers/mts.toml"].hotline.any_phone.display() == "8 800 250-08-90"
    assert kept["carriers/mts.toml"].hotline.any_phone.display(abroad=True) == "+7 800 250-08-90"


def test_a_run_that_validates_nothing_does_not_import_pydantic(tmp_path):
    """The point of the snapshots: a sheet from built-in data needs neither pydantic nor phonenumbers."""
    env_script = (
        "import sys\n"
        "from callprep.entry import main\n"
        "sys.argv = ['callprep', 'sheet', 'mts', '--lang', 'zh', '-o', sys.argv[1]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [name for name in ('pydantic', 'phonenumbers', 'num2words', 'mutagen', 'stdnum', 'tomllib')"
        " if name in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    command = [sys.executable, "-c", env_script]
    first = subprocess.run([*command, str(tmp_path / "a.md")], capture_output=True, text=True, check=True)
    again = subprocess.run([*command, str(tmp_path / "b.md")], capture_output=True, text=True, check=True)
    assert "pydantic" in first.stdout  # the first run validated the data and kept the snapshots
    assert again.stdout.strip() == ""
    assert (tmp_path / "a.md").read_bytes() == (tmp_path / "b.md").read_bytes()


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of callprep/data that the test may edit, read in place of the real one."""
    copy = tmp_path / "data"
    shutil.copytree(records.DATA, copy)
    monkeypatch.setattr(records, "DATA", copy)
    monkeypatch.setattr(carriers, "DATA", copy)
    return copy


def test_an_edited_data_file_is_read_as_edited_never_from_an_old_snapshot(data_copy):
    assert carriers.builtin_carrier("carriers/mts.toml").names.en == "MTS"
    mts = data_copy / "carriers" / "mts.toml"
    mts.write_text(mts.read_text(encoding="utf-8").replace('en = "MTS"', 'en = "MTS edited"', 1), encoding="utf-8")
    assert carriers.builtin_carrier("carriers/mts.toml").names.en == "MTS edited"
    mts.write_text(mts.read_text(encoding="utf-8").replace('id = "mts"', 'id = "Bad Id"', 1), encoding="utf-8")
    with pytest.raises(DataFileError, match="not a carrier id"):
        carriers.builtin_carrier("carriers/mts.toml")


def test_a_carrier_is_checked_again_when_the_document_catalogue_changes(data_copy):
    carriers.builtin_carrier("carriers/mts.toml")
    common = data_copy / "common.toml"
    text = common.read_text(encoding="utf-8")
    assert "[documents.passport]" in text
    common.write_text(text.replace("[documents.passport]", "[documents.passport_renamed]", 1), encoding="utf-8")
    common_facts.common_facts.cache_clear()
    records.builtin_digest.cache_clear()  # a new run
    with pytest.raises(DataFileError, match="unknown document"):
        carriers.builtin_carrier("carriers/mts.toml")


def test_a_changed_validator_or_version_names_new_snapshots(tmp_path, monkeypatch):
    before = records.snapshot_key("common.toml", b"x", ())
    package = tmp_path / "callprep"
    skipped = shutil.ignore_patterns("__pycache__", "data", "locales", "templates")
    shutil.copytree(records.PACKAGE, package, ignore=skipped)
    monkeypatch.setattr(snapshot_store, "PACKAGE", package)
    records.code_key.cache_clear()
    assert records.snapshot_key("common.toml", b"x", ()) == before
    (package / "model" / "schema.py").write_text("# a changed check\n", encoding="utf-8")
    records.code_key.cache_clear()
    assert records.snapshot_key("common.toml", b"x", ()) != before
    records.code_key.cache_clear()
    monkeypatch.setattr(snapshot_store, "__version__", "0.0.0-other")
    assert records.snapshot_key("common.toml", b"x", ()) != before


def test_the_language_registry_is_kept_and_read_as_edited(tmp_path, monkeypatch):
    """The registry is checked once and kept like the data (a run imports no tomllib), never stale."""
    from callprep import i18n

    (tmp_path / "locales").mkdir()
    registry = tmp_path / "locales" / i18n.REGISTRY
    registry.write_bytes((snapshot_store.PACKAGE / "locales" / i18n.REGISTRY).read_bytes())
    monkeypatch.setattr(snapshot_store, "PACKAGE", tmp_path)
    name = f"locales/{i18n.REGISTRY}"
    first = snapshot_store.load_package_records(name, dict, i18n.read_registry)
    assert first == i18n.REGISTERED
    assert snapshot_store.load_package_records(name, dict, lambda label, text: pytest.fail("checked again")) == first
    registry.write_text(registry.read_text(encoding="utf-8").replace('reviewer = ""', 'reviewer = "R, 2027"', 1))
    edited = snapshot_store.load_package_records(name, dict, i18n.read_registry)
    assert edited["uz"].reviewer == "R, 2027"
    registry.write_text(registry.read_text(encoding="utf-8").replace('locale = "tg_TJ"', 'locale = "ru_RU"', 1))
    with pytest.raises(i18n.CatalogMissing, match="damaged"):
        snapshot_store.load_package_records(name, dict, i18n.read_registry)


def test_a_damaged_or_foreign_snapshot_is_ignored():
    first = common_facts.common_facts()
    (path,) = [p for p in snapshots() if records.read_snapshot(p, common_facts.CommonFacts) is not None]
    for damage in (b"", b"not a pickle", path.read_bytes()[:20]):
        path.write_bytes(damage)
        common_facts.common_facts.cache_clear()
        assert common_facts.common_facts() == first
    other = records.snapshot_folder() / (path.name + ".other")
    records.write_snapshot(other, ["a list, not the records"])
    assert records.read_snapshot(other, common_facts.CommonFacts) is None


def test_an_unwritable_cache_only_costs_time(monkeypatch, tmp_path):
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert records.snapshot_folder() is None
    assert scripts.scripts().hotline


def test_every_schema_has_a_record_with_its_fields():
    schemas = [
        value
        for name, value in vars(schema).items()
        if isinstance(value, type) and issubclass(value, BaseModel) and name.endswith("Schema")
    ]
    assert len(schemas) > 25
    for model in schemas:
        if issubclass(model, RootModel):  # a file that is one table (forms.toml): its records are a dict
            continue
        record = records.RECORDS[model.__name__.removesuffix("Schema")]
        derived = {name for name in dir(model) if isinstance(getattr(model, name, None), property)}
        fields = [field.name for field in dataclasses.fields(record)]
        assert [name for name in fields if name not in derived] == list(model.model_fields), model.__name__
