"""API-key resolution order, storage choices, and the key never leaking into text."""

from __future__ import annotations

import logging
import os
import pickle
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail, null

from desktop_app import paths
from desktop_app.core import credentials
from desktop_app.core.credentials import (
    ApiKey,
    InvalidKeyError,
    KeychainUnavailableError,
    KeySource,
    KeyStorage,
    delete_api_key,
    keychain_available,
    resolve_api_key,
    save_api_key,
    session_keys,
)
from tests.conftest import MemoryKeyring

KEY = "AIzaSyTEST-key-0123456789abcdefghijklmn"
OTHER = "AIzaSyOTHER-key-9876543210zyxwvutsrqpon"


@pytest.fixture(autouse=True)
def _no_session_key() -> Iterator[None]:
    session_keys.clear()
    yield
    session_keys.clear()


class BrokenKeyring(MemoryKeyring):
    """A backend that exists but fails every call, like a locked Secret Service."""

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError(f"dbus exploded while reading {service}")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError(f"cannot store {password}")  # a backend that echoes the secret


def test_nothing_configured_resolves_to_none() -> None:
    assert resolve_api_key() is None


def test_env_gemini_wins_over_google_and_keychain(monkeypatch: pytest.MonkeyPatch) -> None:
    save_api_key(OTHER, storage=KeyStorage.KEYCHAIN)
    monkeypatch.setenv("GOOGLE_API_KEY", "google-env-key-123456")
    monkeypatch.setenv("GEMINI_API_KEY", "  gemini-env-key-123456\n")
    resolved = resolve_api_key()
    assert resolved is not None
    assert resolved.source is KeySource.ENV
    assert resolved.env_var == "GEMINI_API_KEY"
    assert resolved.value == "gemini-env-key-123456"
    assert credentials.env_key_variable() == "GEMINI_API_KEY"

    monkeypatch.delenv("GEMINI_API_KEY")
    resolved = resolve_api_key()
    assert resolved is not None
    assert (resolved.source, resolved.env_var) == (KeySource.ENV, "GOOGLE_API_KEY")

    monkeypatch.delenv("GOOGLE_API_KEY")
    resolved = resolve_api_key()
    assert resolved is not None
    assert (resolved.source, resolved.value) == (KeySource.KEYRING, OTHER)


def test_stored_key_can_be_looked_up_past_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GEMINI_API_KEY", "gemini-env-key-123456")
    assert resolve_api_key(include_env=False) is None
    save_api_key(KEY, storage=KeyStorage.KEYCHAIN)
    stored = resolve_api_key(include_env=False)
    assert stored is not None
    assert (stored.source, stored.value) == (KeySource.KEYRING, KEY)
    active = resolve_api_key()
    assert active is not None
    assert active.source is KeySource.ENV


def test_blank_env_var_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEMINI_API_KEY", "   ")
    assert credentials.env_key_variable() is None
    assert resolve_api_key() is None


def test_keychain_save_uses_service_and_username(memory_keyring: MemoryKeyring) -> None:
    resolved = save_api_key(f"  {KEY}  ", storage=KeyStorage.KEYCHAIN)
    assert resolved.source is KeySource.KEYRING
    assert memory_keyring.entries == {("gemdesk", "api-key"): KEY}
    again = resolve_api_key()
    assert again is not None
    assert (again.source, again.value) == (KeySource.KEYRING, KEY)
    assert not credentials.key_file_path().exists()


def test_session_key_is_memory_only_and_beats_keychain(memory_keyring: MemoryKeyring) -> None:
    save_api_key(OTHER, storage=KeyStorage.KEYCHAIN)
    resolved = save_api_key(KEY, storage=KeyStorage.SESSION)
    assert resolved.source is KeySource.SESSION
    now = resolve_api_key()
    assert now is not None
    assert (now.source, now.value) == (KeySource.SESSION, KEY)
    assert memory_keyring.entries[("gemdesk", "api-key")] == OTHER
    # On disk: only the (empty) keychain marker; the session key nowhere.
    files = [p for p in _profile_files() if p.is_file()]
    assert [p.name for p in files] == [credentials.KEYCHAIN_MARKER_NAME]
    assert all(p.read_bytes() == b"" for p in files)
    session_keys.clear()
    later = resolve_api_key()
    assert later is not None
    assert later.value == OTHER


def test_plain_file_is_0600_and_clears_keychain(memory_keyring: MemoryKeyring) -> None:
    save_api_key(OTHER, storage=KeyStorage.KEYCHAIN)
    resolved = save_api_key(KEY, storage=KeyStorage.PLAIN_FILE)
    assert resolved.source is KeySource.FILE
    path = credentials.key_file_path()
    assert path.parent == paths.config_dir()
    assert path.read_text(encoding="ascii").strip() == KEY
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert memory_keyring.entries == {}
    again = resolve_api_key()
    assert again is not None
    assert (again.source, again.value) == (KeySource.FILE, KEY)
    # No temp file left beside it.
    assert sorted(p.name for p in path.parent.iterdir()) == ["api-key"]


def test_loose_key_file_is_tightened_on_read() -> None:
    path = credentials.key_file_path()
    path.parent.mkdir(parents=True)
    path.write_text(KEY, encoding="ascii")
    path.chmod(0o644)
    resolved = resolve_api_key()
    assert resolved is not None
    assert resolved.source is KeySource.FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_keychain_save_removes_plain_file() -> None:
    save_api_key(OTHER, storage=KeyStorage.PLAIN_FILE)
    save_api_key(KEY, storage=KeyStorage.KEYCHAIN)
    assert not credentials.key_file_path().exists()


def test_delete_forgets_every_stored_copy(memory_keyring: MemoryKeyring) -> None:
    save_api_key(OTHER, storage=KeyStorage.PLAIN_FILE)
    memory_keyring.set_password("gemdesk", "api-key", KEY)
    session_keys.set(ApiKey(KEY))
    delete_api_key()
    assert resolve_api_key() is None
    assert memory_keyring.entries == {}
    delete_api_key()  # idempotent


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring(), BrokenKeyring()])
def test_no_usable_keychain(backend: keyring.backend.KeyringBackend) -> None:
    keyring.set_keyring(backend)
    assert keychain_available() is False
    assert resolve_api_key() is None
    with pytest.raises(KeychainUnavailableError) as info:
        save_api_key(KEY, storage=KeyStorage.KEYCHAIN)
    assert KEY not in str(info.value)
    # The explicit fallbacks still work.
    assert save_api_key(KEY, storage=KeyStorage.SESSION).source is KeySource.SESSION
    assert save_api_key(KEY, storage=KeyStorage.PLAIN_FILE).source is KeySource.FILE
    delete_api_key()  # must not raise with a broken backend


def test_memory_backend_counts_as_available() -> None:
    assert keychain_available() is True


def test_backend_error_text_never_carries_the_key() -> None:
    class EchoingSetter(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            raise RuntimeError(f"refused {password}")

    keyring.set_keyring(EchoingSetter())
    with pytest.raises(KeychainUnavailableError) as info:
        save_api_key(KEY, storage=KeyStorage.KEYCHAIN)
    assert KEY not in str(info.value)
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


@pytest.mark.parametrize("bad", ["", "   ", "two words", "tab\there", "ключ-123456"])
def test_malformed_keys_are_refused_without_echo(bad: str) -> None:
    with pytest.raises(InvalidKeyError) as info:
        save_api_key(bad, storage=KeyStorage.KEYCHAIN)
    if bad.strip():
        assert bad.strip() not in str(info.value)


def test_api_key_never_shows_in_repr_str_format_or_pickle() -> None:
    key = ApiKey(KEY)
    resolved = save_api_key(key, storage=KeyStorage.KEYCHAIN)
    for text in (repr(key), str(key), f"{key}", f"{key!r}", repr(resolved), str(resolved)):
        assert KEY not in text
        assert KEY[-12:] not in text
    assert key.reveal() == KEY
    assert key.masked() == "…" + KEY[-4:]
    assert ApiKey("short-key") != key
    assert ApiKey(f" {KEY} ") == key
    with pytest.raises(TypeError):
        pickle.dumps(key)


def test_key_never_reaches_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    save_api_key(KEY, storage=KeyStorage.KEYCHAIN)
    save_api_key(KEY, storage=KeyStorage.PLAIN_FILE)
    save_api_key(KEY, storage=KeyStorage.SESSION)
    resolve_api_key()
    delete_api_key()
    keyring.set_keyring(BrokenKeyring())
    with pytest.raises(KeychainUnavailableError):
        save_api_key(KEY, storage=KeyStorage.KEYCHAIN)
    assert caplog.records  # the module does log what it does...
    assert KEY not in caplog.text  # ...but never the key


def test_malformed_keychain_entry_is_ignored(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.set_password("gemdesk", "api-key", "not a key")
    assert resolve_api_key() is None


def _profile_files() -> list[Path]:
    base = paths.config_dir().parent
    return list(base.rglob("*")) if base.exists() else []


# -- start-up shortcut: the keychain marker ------------------------------------------------


def _marker() -> Path:
    return paths.config_dir() / credentials.KEYCHAIN_MARKER_NAME


def test_saving_to_the_keychain_leaves_a_marker_and_no_secret(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    monkeypatch.delenv("GEMINI_API_KEY", raising=False)
    monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    assert not credentials.key_may_exist()
    save_api_key(KEY, storage=KeyStorage.KEYCHAIN)
    assert _marker().is_file()
    assert _marker().read_bytes() == b""  # a flag, never the key
    assert credentials.key_may_exist()


def test_the_marker_goes_with_the_key(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    monkeypatch.delenv("GEMINI_API_KEY", raising=False)
    monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    save_api_key(KEY, storage=KeyStorage.KEYCHAIN)
    save_api_key(OTHER, storage=KeyStorage.PLAIN_FILE)  # moved out of the keychain
    assert not _marker().exists()
    save_api_key(KEY, storage=KeyStorage.KEYCHAIN)
    delete_api_key()
    assert not _marker().exists()
    assert not credentials.key_may_exist()


def test_a_stale_marker_is_found_out_when_the_key_is_read(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    monkeypatch.delenv("GEMINI_API_KEY", raising=False)
    monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    save_api_key(KEY, storage=KeyStorage.KEYCHAIN)
    memory_keyring.delete_password(credentials.KEYRING_SERVICE, credentials.KEYRING_USERNAME)
    assert credentials.key_may_exist()  # start-up trusts the marker…
    assert resolve_api_key() is None  # …the read tells the truth


def test_a_key_stored_without_a_marker_is_still_found(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    monkeypatch.delenv("GEMINI_API_KEY", raising=False)
    monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    memory_keyring.set_password(credentials.KEYRING_SERVICE, credentials.KEYRING_USERNAME, KEY)
    assert credentials.key_may_exist()


def test_with_the_marker_start_up_never_imports_keyring(tmp_path: Path) -> None:
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("GEMINI_API_KEY", "GOOGLE_API_KEY")}
    env["GEMDESK_BASEDIR"] = str(tmp_path / "profile")
    code = (
        "import sys\n"
        "from desktop_app import paths\n"
        "from desktop_app.core import credentials\n"
        "marker = paths.config_dir() / credentials.KEYCHAIN_MARKER_NAME\n"
        "marker.parent.mkdir(parents=True, exist_ok=True); marker.touch()\n"
        "assert credentials.key_may_exist()\n"
        "print('keyring' in sys.modules, marker.parent)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    imported, where = done.stdout.split()
    assert imported == "False"
    assert Path(where).is_relative_to(tmp_path)  # the test's profile, not the user's
