"""The provider's settings, declared once: each field's default and help feed the config
loader and `eheritage serve --help-settings`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from eheritage.catalog.model import EMAIL
from eheritage.errors import ConfigError


def _help(text: str) -> dict[str, str]:
    return {"help": text}


@dataclass(frozen=True)
class ServeConfig:
    """How `serve` behaves; every field can be set in the config file's [serve] table."""

    page_size: int = field(default=100, metadata=_help("Headers or records per ListIdentifiers/ListRecords page."))
    token_lifetime: int = field(
        default=24 * 3600, metadata=_help("Seconds a resumption token stays valid (its expirationDate).")
    )
    admin_email: str | None = field(
        default=None, metadata=_help("Identify's adminEmail; default: the one publish recorded.")
    )
    repository_name: str | None = field(
        default=None, metadata=_help("Identify's repositoryName; default: the one publish recorded.")
    )
    secret: str | None = field(
        default=None,
        metadata=_help("Key that signs resumption tokens; default: one generated once and kept in the catalog."),
    )
    max_concurrent: int = field(
        default=8, metadata=_help("Requests handled at once; more get 503 with Retry-After instead of queueing.")
    )
    retry_after: int = field(default=5, metadata=_help("Seconds a client is told to wait after a 503."))

    def __post_init__(self) -> None:
        for name in ("page_size", "token_lifetime", "max_concurrent", "retry_after"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ConfigError(f"serve setting {_key(name)} must be a whole number >= 1, got {value!r}")
        for name in ("admin_email", "repository_name", "secret"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise ConfigError(f"serve setting {_key(name)} must be non-empty text, got {value!r}")
        if self.admin_email is not None and not EMAIL.fullmatch(self.admin_email):
            raise ConfigError(
                f"serve setting admin-email {self.admin_email!r} is not an e-mail address OAI-PMH accepts",
                hint="use a full address such as collections@museum.example.org",
            )

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], *, source: str, ignore: frozenset[str] = frozenset()) -> ServeConfig:
        """Settings from a config table (keys with '-' or '_'); keys in `ignore` are CLI flags."""
        known = {f.name for f in fields(cls)}
        chosen: dict[str, Any] = {}
        for key, value in values.items():
            name = key.replace("-", "_")
            if name in ignore:
                continue
            if name not in known:
                raise ConfigError(
                    f"{source}: unknown serve setting {key!r}",
                    hint="known settings: " + ", ".join(_key(n) for n in sorted(known)),
                )
            chosen[name] = value
        return cls(**chosen)


def settings_help() -> list[tuple[str, Any, str]]:
    """(config key, default, help) for each setting."""
    return [(_key(f.name), f.default, f.metadata["help"]) for f in fields(ServeConfig)]


def _key(name: str) -> str:
    return name.replace("_", "-")
