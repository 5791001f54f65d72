"""Where the API key comes from, and where it is kept. No Qt.

Resolution order (first hit wins):

1. ``GEMINI_API_KEY``, then ``GOOGLE_API_KEY`` in the environment;
2. a key the user chose to keep for this session only (memory);
3. the OS keychain via ``keyring`` (service ``gemdesk``, username ``api-key``);
4. a plain-text file under :func:`paths.config_dir` (mode 0600), which exists only
   if the user explicitly asked for it.

The key travels as an :class:`ApiKey`, whose ``repr``/``str`` are masked, so it cannot
leak through a log line, a traceback's locals or an exception message by accident.
Call :meth:`ApiKey.reveal` exactly where the header is built.

Exceptions::

    CredentialError
     ├── InvalidKeyError           the text cannot be an API key (empty, spaces, ...)
     ├── KeychainUnavailableError  no usable keychain backend, or it failed
     └── KeyFileError              the plain key file could not be written/removed
"""

from __future__ import annotations

import contextlib
import enum
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app import paths
from desktop_app.logging_setup import register_secret

__all__ = [
    "ENV_VARS",
    "KEYRING_SERVICE",
    "KEYRING_USERNAME",
    "ApiKey",
    "CredentialError",
    "InvalidKeyError",
    "KeyFileError",
    "KeySource",
    "KeyStorage",
    "KeychainUnavailableError",
    "ResolvedKey",
    "SessionKeyHolder",
    "delete_api_key",
    "env_key_variable",
    "key_file_path",
    "key_may_exist",
    "keychain_available",
    "resolve_api_key",
    "save_api_key",
    "session_keys",
]

log = logging.getLogger(__name__)

ENV_VARS = ("GEMINI_API_KEY", "GOOGLE_API_KEY")
KEYRING_SERVICE = "gemdesk"
KEYRING_USERNAME = "api-key"
KEY_FILE_NAME = "api-key"
# An empty file saying "the key is in the keychain" (no secret in it): start-up knows a
# key exists without importing keyring (its entry-point scan costs tens of ms and MiB).
KEYCHAIN_MARKER_NAME = "key-in-keychain"


class CredentialError(Exception):
    """Base class; messages never contain the key."""


class InvalidKeyError(CredentialError, ValueError):
    pass


class KeychainUnavailableError(CredentialError):
    pass


class KeyFileError(CredentialError):
    pass


class KeySource(enum.Enum):
    ENV = "env"
    SESSION = "session"
    KEYRING = "keyring"
    FILE = "file"


class KeyStorage(enum.Enum):
    """Where :func:`save_api_key` puts a key the user typed."""

    KEYCHAIN = "keychain"
    PLAIN_FILE = "plain_file"  # only on the user's explicit request
    SESSION = "session"  # memory only, gone when the process exits


class ApiKey:
    """An API key whose text only :meth:`reveal` gives out."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = _normalise(value)
        # Safety net: the log redactor masks this text even if someone logs it.
        register_secret(self._value)

    def reveal(self) -> str:
        return self._value

    def masked(self) -> str:
        """A UI hint such as ``…f3Qk`` (last four characters, and only for long keys)."""
        return "…" + self._value[-4:] if len(self._value) >= 16 else "…"

    def __repr__(self) -> str:
        return "ApiKey(***)"

    __str__ = __repr__

    def __format__(self, format_spec: str) -> str:
        return repr(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ApiKey) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> str | tuple[object, ...]:
        # Never pickled into a cache, a queue or a subprocess by accident.
        raise TypeError("ApiKey cannot be pickled")


@dataclass(frozen=True, slots=True)
class ResolvedKey:
    key: ApiKey
    source: KeySource
    env_var: str | None = None  # which variable, when source is ENV

    @property
    def value(self) -> str:
        return self.key.reveal()


def _normalise(value: str) -> str:
    text = value.strip()
    if not text:
        raise InvalidKeyError("The API key is empty.")
    if any(ch.isspace() or not ch.isprintable() for ch in text):
        raise InvalidKeyError("The API key contains spaces or control characters.")
    if not text.isascii():
        raise InvalidKeyError("The API key contains non-ASCII characters.")
    return text


class SessionKeyHolder:
    """A key kept in memory for this process only ("this session only")."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: ApiKey | None = None

    def get(self) -> ApiKey | None:
        with self._lock:
            return self._key

    def set(self, key: ApiKey | None) -> None:
        with self._lock:
            self._key = key

    def clear(self) -> None:
        self.set(None)

    def __repr__(self) -> str:
        return f"SessionKeyHolder(set={self._key is not None})"


session_keys = SessionKeyHolder()


def _keyring() -> Any:
    # Deferred: importing keyring discovers backends through entry points (~100 ms),
    # which a start with the key in the environment never needs.
    import keyring

    return keyring


def key_file_path() -> Path:
    return paths.config_dir() / KEY_FILE_NAME


def env_key_variable() -> str | None:
    """The environment variable that supplies the key, if any (the UI says so)."""
    for var in ENV_VARS:
        if os.environ.get(var, "").strip():
            return var
    return None


def keychain_available() -> bool:
    """True when keyring has a real backend that answers a lookup without error."""
    try:
        backend = _keyring().get_keyring()
    except Exception as exc:  # a broken keyring config must not crash the app
        log.warning("keyring backend could not be loaded: %s", type(exc).__name__)
        return False
    if _is_fail_backend(backend):
        return False
    try:
        backend.get_password(KEYRING_SERVICE, KEYRING_USERNAME)
    except Exception as exc:
        log.info("keychain unusable: %s", type(exc).__name__)
        return False
    return True


def _is_fail_backend(backend: object) -> bool:
    from keyring.backends import chainer, fail

    if isinstance(backend, fail.Keyring):
        return True
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return True
    # keyring.backends.null.Keyring (and similar) advertise a negative priority.
    priority = getattr(type(backend), "priority", 1)
    try:
        return float(priority) < 0
    except (TypeError, ValueError):
        return False


def resolve_api_key(*, include_env: bool = True) -> ResolvedKey | None:
    """The key to use now, or ``None`` (the UI then shows the first-run panel).

    ``include_env=False`` answers "what has Gemdesk itself stored?" (Preferences shows
    it even while an environment variable overrides it).
    """
    for var in ENV_VARS if include_env else ():
        raw = os.environ.get(var, "").strip()
        if raw:
            try:
                return ResolvedKey(ApiKey(raw), KeySource.ENV, env_var=var)
            except InvalidKeyError:
                log.warning("ignoring %s: it does not look like an API key", var)
    session = session_keys.get()
    if session is not None:
        return ResolvedKey(session, KeySource.SESSION)
    stored = _read_keychain()
    if stored is not None:
        return ResolvedKey(stored, KeySource.KEYRING)
    from_file = _read_key_file()
    if from_file is not None:
        return ResolvedKey(from_file, KeySource.FILE)
    return None


def key_may_exist() -> bool:
    """Whether a key is available, answered without opening the keychain when possible.

    For start-up (first-run panel or not): the environment, the session, the marker
    left when the key was saved to the keychain, or the plain file. Without any of
    them the keychain itself is asked (a key stored by other means is still found).
    A marker whose key was removed from the keychain behind our back is found out when
    the key is read (``resolve_api_key``), and the UI then asks for a key.
    """
    if env_key_variable() is not None or session_keys.get() is not None:
        return True
    if _keychain_marker().exists() or key_file_path().exists():
        return True
    return resolve_api_key() is not None


def save_api_key(key: str | ApiKey, *, storage: KeyStorage) -> ResolvedKey:
    """Store *key* in one place and forget it everywhere else we own.

    Keeping a single copy means an old key can never shadow the new one.
    Raises :class:`InvalidKeyError`, :class:`KeychainUnavailableError` or
    :class:`KeyFileError`.
    """
    api_key = key if isinstance(key, ApiKey) else ApiKey(key)
    if storage is KeyStorage.KEYCHAIN:
        _write_keychain(api_key)
        _set_keychain_marker(True)
        session_keys.clear()
        _remove_key_file()
        log.info("API key saved to the keychain")
        return ResolvedKey(api_key, KeySource.KEYRING)
    if storage is KeyStorage.PLAIN_FILE:
        _write_key_file(api_key)
        session_keys.clear()
        _delete_keychain_quietly()
        log.info("API key saved to a plain file (user's explicit choice)")
        return ResolvedKey(api_key, KeySource.FILE)
    session_keys.set(api_key)
    log.info("API key kept for this session only")
    return ResolvedKey(api_key, KeySource.SESSION)


def delete_api_key() -> None:
    """Forget the key in the session, the keychain and the plain file (not the environment)."""
    session_keys.clear()
    _delete_keychain_quietly()
    _remove_key_file()
    log.info("API key deleted")


# -- keychain -------------------------------------------------------------------------


def _read_keychain() -> ApiKey | None:
    try:
        backend = _keyring().get_keyring()
        if _is_fail_backend(backend):
            return None
        raw = backend.get_password(KEYRING_SERVICE, KEYRING_USERNAME)
    except Exception as exc:
        log.info("keychain lookup failed: %s", type(exc).__name__)
        return None
    if not raw:
        return None
    try:
        return ApiKey(raw)
    except InvalidKeyError:
        log.warning("ignoring a malformed API key in the keychain")
        return None


def _write_keychain(key: ApiKey) -> None:
    if not keychain_available():
        raise KeychainUnavailableError("No usable system keychain was found.")
    try:
        _keyring().set_password(KEYRING_SERVICE, KEYRING_USERNAME, key.reveal())
    except Exception as exc:
        # ``from None``: a backend's exception text is not ours to trust with secrets.
        raise KeychainUnavailableError(
            f"The system keychain refused to store the key ({type(exc).__name__})."
        ) from None


def _keychain_marker() -> Path:
    return paths.config_dir() / KEYCHAIN_MARKER_NAME


def _set_keychain_marker(present: bool) -> None:
    marker = _keychain_marker()
    try:
        if present:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        else:
            marker.unlink(missing_ok=True)
    except OSError as exc:  # only a start-up shortcut: the keychain stays the truth
        log.info("could not update the keychain marker: %s", type(exc).__name__)


def _delete_keychain_quietly() -> None:
    _set_keychain_marker(False)
    try:
        backend = _keyring().get_keyring()
        if _is_fail_backend(backend):
            return
        backend.delete_password(KEYRING_SERVICE, KEYRING_USERNAME)
    except Exception as exc:
        from keyring.errors import PasswordDeleteError

        if not isinstance(exc, PasswordDeleteError):  # that one just means "nothing stored"
            log.info("keychain delete failed: %s", type(exc).__name__)


# -- plain file (explicit opt-in only) ---------------------------------------------------


def _read_key_file() -> ApiKey | None:
    path = key_file_path()
    try:
        raw = path.read_text(encoding="ascii")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("cannot read the API key file: %s", type(exc).__name__)
        return None
    if os.name == "posix":
        with contextlib.suppress(OSError):
            if path.stat().st_mode & 0o077:
                log.warning("the API key file was readable by others; restricting it to 0600")
                path.chmod(0o600)
    try:
        return ApiKey(raw)
    except InvalidKeyError:
        log.warning("ignoring a malformed API key file")
        return None


def _write_key_file(key: ApiKey) -> None:
    path = key_file_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # mkstemp creates the file 0600 from the start: the key is never world-readable,
        # not even for the instant before a chmod.
        fd, tmp = tempfile.mkstemp(prefix=".api-key-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(key.reveal() + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            if os.name == "posix":
                os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise KeyFileError(f"Could not write the key file ({exc.strerror or 'error'}).") from None


def _remove_key_file() -> None:
    try:
        key_file_path().unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise KeyFileError(
            f"Could not remove the old key file ({exc.strerror or 'error'})."
        ) from None
