"""The one family of expected errors, and the exit codes they map to.

Anything raised that is not an `EheritageError` is a bug and keeps its traceback.
"""

from __future__ import annotations

import errno
from enum import IntEnum
from pathlib import Path
from typing import Any


class ExitStatus(IntEnum):
    """Process exit codes, the same for every command."""

    OK = 0
    #: The command ran, but some items failed or problems were found.
    PROBLEMS = 1
    #: Bad flags, a bad configuration or profile, or unreadable input the whole command needs.
    USAGE = 2
    #: The system refused: the disk is full, a folder is not writable, OUT is in use by another run.
    SYSTEM = 3
    #: A bug in eheritage: the message says where its traceback was written.
    INTERNAL = 70
    #: Ctrl-C; re-running resumes.
    INTERRUPTED = 130
    #: SIGTERM (systemd, `docker stop`, a batch scheduler); re-running resumes.
    TERMINATED = 143


class EheritageError(Exception):
    """An expected failure with a message a person can act on.

    `message` says what is wrong (naming the file, row and field where there is one);
    `hint` says what to do about it.
    """

    exit_status: ExitStatus = ExitStatus.USAGE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message


class ConfigError(EheritageError):
    """A flag, config file or profile is wrong."""


class InputError(EheritageError):
    """An input the whole command depends on (a catalogue, an output folder) cannot be used."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is so that it stops the way Ctrl-C stops it."""


def os_error_message(err: OSError) -> tuple[str, str]:
    """(message, hint) for an OSError a person can act on: full disk, permission, missing folder."""
    where = f" ({err.filename})" if err.filename else ""
    if err.errno == errno.ENOSPC or err.errno == errno.EDQUOT:
        return (f"the disk is full: no space left while writing{where}",
                "free some space on that disk, or write OUT to another one, and run the same command again: "
                "it resumes, and nothing half-written is kept")
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"permission denied{where}: {err.strerror}", "check that you may write there, or choose another folder"
    return f"{err.strerror or err}{where}", "check the path and the disk, then run the same command again"


def read_toml(path: Path, what: str, *, hint: str = "check quoting and [table] headers") -> dict[str, Any]:
    """A hand-edited TOML file (`what`: "profile", "batch file"...), or a ConfigError naming it.

    A byte-order mark, which Windows editors write, is allowed."""
    import tomllib

    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as err:
        raise ConfigError(f"cannot read {what} {path}: {err.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{what} {path} is not UTF-8 text", hint="save it as UTF-8") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{what} {path} is not valid TOML: {err}", hint=hint) from None
