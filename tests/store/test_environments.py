"""Environments, collection and global variables: files without secrets, secrets in the secret store."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
import test_collections_fixtures as fixtures
from memory_keyring import MemoryKeyring, memory_keyring, no_keyring

from workbench.formats.model import Environment, Variable
from workbench.store import environments as envs
from workbench.store.collection_errors import BrokenFile, DuplicateName, InvalidName, NotFound
from workbench.store.collections import Collection
from workbench.store.secrets import SecretStore

coll = fixtures.coll
keyring_fixtures = (memory_keyring, no_keyring)

STAGING = Environment(
    "staging",
    (
        Variable("base_url", "http://127.0.0.1:8001"),
        Variable("token", "s3cret-t0ken", secret=True),
        Variable("off", "x", enabled=False),
    ),
)


@pytest.fixture
def secrets(no_keyring: None) -> SecretStore:
    """The real secret store, on its 0600 file (no keyring on this machine)."""
    return SecretStore()


def test_an_environment_file_holds_no_secret_value(
    coll: Collection, secrets: SecretStore, workbench_home: Path
) -> None:
    envs.save_environment(coll, STAGING, secrets)
    path = coll.root / "environments" / "staging.toml"
    text = path.read_text()
    assert text.startswith('schema = "workbench.environment/1"\n')
    assert '{ name = "token", value = "", secret = true }' in text
    assert "s3cret-t0ken" not in text
    secrets_file = workbench_home / "config" / "secrets.json"
    assert "s3cret-t0ken" in secrets_file.read_text()
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
    blank = envs.load_environment(coll, "staging")
    assert blank.variables[1] == Variable("token", "", secret=True)
    assert envs.load_environment(coll, "staging", secrets) == STAGING


def test_secret_values_go_to_the_keyring_when_there_is_one(
    coll: Collection, memory_keyring: MemoryKeyring, workbench_home: Path
) -> None:
    store = SecretStore()
    envs.save_environment(coll, STAGING, store)
    assert "s3cret-t0ken" in memory_keyring.values.values()
    assert not (workbench_home / "config" / "secrets.json").exists()
    assert envs.load_environment(coll, "staging", store) == STAGING
    envs.save_environment(
        coll, STAGING._replace(variables=STAGING.variables[:1]), store
    )  # token dropped
    assert memory_keyring.values == {}


def test_saving_a_secret_with_an_empty_value_keeps_the_stored_one(
    coll: Collection, secrets: SecretStore
) -> None:
    envs.save_environment(coll, STAGING, secrets)
    envs.save_environment(
        coll, envs.load_environment(coll, "staging"), secrets
    )  # values not revealed
    assert envs.load_environment(coll, "staging", secrets) == STAGING


def test_environments_are_listed_with_their_errors_and_the_choice_is_remembered(
    coll: Collection, secrets: SecretStore
) -> None:
    envs.save_environment(coll, STAGING, secrets)
    envs.save_environment(coll, Environment("Production"), secrets)
    (coll.root / "environments" / "broken.toml").write_text("schema = 2\n")
    listed = envs.list_environments(coll)
    assert [e.name for e in listed] == ["broken", "Production", "staging"]
    assert "not a Workbench variables file" in listed[0].error
    assert envs.active_environment(coll) is None
    envs.set_active_environment(coll, "staging")
    assert envs.active_environment(Collection.open(coll.root)) == "staging"
    with pytest.raises(NotFound, match=r"nope\.toml"):
        envs.set_active_environment(coll, "nope")
    envs.delete_environment(coll, "staging", secrets)
    assert envs.active_environment(coll) is None
    assert secrets.file.keys() == []
    with pytest.raises(BrokenFile):
        envs.save_environment(coll, Environment("broken"), secrets)
    assert (coll.root / "environments" / "broken.toml").read_text() == "schema = 2\n"


@pytest.mark.parametrize(
    ("env", "error"),
    [
        (Environment("a/b"), InvalidName),
        (Environment("ok", (Variable("bad name"),)), InvalidName),
        (Environment("ok", (Variable("a", "1"), Variable("A", "2"))), DuplicateName),
    ],
)
def test_wrong_names_are_refused_and_nothing_is_written(
    coll: Collection, secrets: SecretStore, env: Environment, error: type
) -> None:
    with pytest.raises(error):
        envs.save_environment(coll, env, secrets)
    assert not (coll.root / "environments" / "ok.toml").exists()


def test_collection_and_global_variables(
    coll: Collection, secrets: SecretStore, workbench_home: Path
) -> None:
    envs.save_globals(
        [Variable("who", "global"), Variable("gsecret", "g-pw", secret=True)], secrets
    )
    assert "g-pw" not in (workbench_home / "config" / "variables.toml").read_text()
    assert envs.load_globals(secrets) == (
        Variable("who", "global"),
        Variable("gsecret", "g-pw", secret=True),
    )
    envs.save_collection_variables(
        coll, [Variable("who", "collection"), Variable("csecret", "c-pw", secret=True)], secrets
    )
    assert "c-pw" not in (coll.root / "collection.toml").read_text()
    assert coll.settings("").variables[1] == Variable("csecret", "", secret=True)


def test_precedence_is_request_then_environment_then_collection_then_global(
    coll: Collection, secrets: SecretStore
) -> None:
    envs.save_globals(
        [
            Variable("a", "global"),
            Variable("b", "global"),
            Variable("c", "global"),
            Variable("d", "global"),
        ],
        secrets,
    )
    envs.save_collection_variables(
        coll,
        [Variable("b", "collection"), Variable("c", "collection"), Variable("d", "collection")],
        secrets,
    )
    envs.save_environment(
        coll,
        Environment(
            "dev", (Variable("c", "env"), Variable("d", "env"), Variable("tok", "t", secret=True))
        ),
        secrets,
    )
    scope = envs.variables_for(coll, "dev", secrets, {"d": "request"})
    assert {k: scope.values[k] for k in "abcd"} == {
        "a": "global",
        "b": "collection",
        "c": "env",
        "d": "request",
    }
    assert scope.values["tok"] == "t"
    assert scope.missing_secrets == frozenset()
    without_env = envs.variables_for(coll, None, secrets)
    assert without_env.values["c"] == "collection"


def test_a_secret_with_no_value_on_this_computer_is_reported(
    coll: Collection, secrets: SecretStore
) -> None:
    envs.save_environment(coll, Environment("dev", (Variable("tok", "", secret=True),)), secrets)
    scope = envs.variables_for(coll, "dev", secrets)
    assert "tok" not in scope.values
    assert scope.missing_secrets == {"tok"}
    assert envs.variables_for(coll, "dev", secrets, {"tok": "given"}).missing_secrets == frozenset()


def test_a_lost_active_choice_file_only_means_choosing_again(
    coll: Collection, secrets: SecretStore
) -> None:
    envs.save_environment(coll, STAGING, secrets)
    envs.set_active_environment(coll, "staging")
    envs.active_file().write_text("[not a map")
    assert envs.active_environment(coll) is None
    envs.set_active_environment(coll, "staging")
    assert json.loads(envs.active_file().read_text()) == {str(coll.root): "staging"}


def test_renaming_an_environment_moves_its_secrets_and_the_active_choice(
    coll: Collection, secrets: SecretStore
) -> None:
    envs.save_environment(coll, STAGING, secrets)
    envs.save_environment(coll, Environment("prod"), secrets)
    envs.set_active_environment(coll, "staging")
    with pytest.raises(DuplicateName):
        envs.rename_environment(coll, "staging", "prod", secrets)
    envs.rename_environment(coll, "staging", "Stage", secrets)
    assert [e.name for e in envs.list_environments(coll)] == ["prod", "Stage"]
    assert envs.load_environment(coll, "Stage", secrets) == STAGING._replace(name="Stage")
    assert envs.active_environment(coll) == "Stage"
    assert len(secrets.file.keys()) == 1  # the old scope's copy is gone


def test_a_case_only_rename_respells_the_file_on_a_case_folding_disk(
    coll: Collection, secrets: SecretStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from case_folding import fold_case

    fold_case(coll.root, monkeypatch)
    envs.save_environment(coll, STAGING, secrets)
    envs.rename_environment(coll, "staging", "Staging", secrets)
    folder = coll.root / envs.ENVIRONMENTS
    assert sorted(p.name for p in folder.iterdir()) == ["Staging.toml"]
    assert envs.load_environment(coll, "Staging", secrets) == STAGING._replace(name="Staging")
