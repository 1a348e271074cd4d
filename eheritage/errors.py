"""The one family of expected errors, and the exit codes they map to.

Anything raised that is not an `EheritageError` is a bug and keeps its traceback.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Process exit codes, the same for every command."""

    OK = 0
    #: The command ran, but some items failed or problems were found.
    PROBLEMS = 1
    #: Bad flags, a bad configuration or profile, or unreadable input the whole command needs.
    USAGE = 2
    INTERRUPTED = 130


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
