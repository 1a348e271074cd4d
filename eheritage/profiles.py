"""Find, load, merge and check catalogue profiles.

A profile is data (TOML): the fields of one kind of catalogue (museum, library,
archive), the spreadsheet column each is read from, the Dublin Core term and
CIDOC-CRM path it maps to, defaults, vocabularies and the institution. A user
adapts one with `extends = "museum"` plus the tables they change, so our files stay
untouched. Errors name the file and the key, because a profile is edited by hand.

This module is a leaf: it knows TOML, not RDF. The metadata package checks the CRM
paths against the closed CRM namespace when it compiles a profile.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import typer

from eheritage.errors import ConfigError, read_toml

#: Each kind tells the metadata package how to read, check and model a value.
KINDS = frozenset(
    {"text", "identifier", "date", "dimension", "language", "uri", "number", "term", "actor", "place", "reference", "files"}
)
#: Roles name the fields other parts of eheritage need (IIIF labels, OAI sets...).
ROLES = frozenset({"id", "title", "description", "collection", "credit_line", "rights", "images"})
_TOP_KEYS = frozenset(
    {"extends", "name", "title", "record_class", "edm_type", "schema_type", "separator", "institution", "fields", "columns",
     "defaults", "vocabularies", "language", "dcmi_type", "dcmi_types", "gazetteers"}
)
#: The DCMI Type Vocabulary (https://www.dublincore.org/specifications/dublin-core/dcmi-type-vocabulary/).
DCMI_TYPES = frozenset({"Collection", "Dataset", "Event", "Image", "InteractiveResource", "MovingImage", "PhysicalObject",
                        "Service", "Software", "Sound", "StillImage", "Text"})
#: Kinds whose untagged values are written in the profile's `language`; names, numbers,
#: dates, identifiers and URIs have no language of their own.
WORDED_KINDS = frozenset({"text", "term", "place", "dimension"})
_FIELD_KEYS = frozenset(
    {"label", "kind", "required", "repeatable", "column", "dc", "crm", "role", "classified_as", "default", "vocabulary"}
)
_LANG_KEY = re.compile(r"^(?P<key>[a-z_][a-z0-9_]*)@(?P<lang>[A-Za-z0-9-]+)$")
ENV_VAR = "EHERITAGE_PROFILE_PATH"
#: Tables holding one table per field, which `extends` merges field by field.
_PER_FIELD_TABLES = frozenset({"fields", "vocabularies", "gazetteers", "dcmi_types"})


@dataclass(frozen=True)
class Field:
    """One catalogue field: where it is read from and what it becomes."""

    key: str
    labels: dict[str, str]
    kind: str
    column: str
    required: bool = False
    repeatable: bool = False
    dc: str | None = None
    crm: str | None = None
    role: str | None = None
    classified_as: str | None = None
    default: str | None = None
    #: Plainly named columns that hold one language of this field: header -> BCP 47 tag.
    tagged_columns: dict[str, str] = field(default_factory=dict)
    #: Term as written in the catalogue -> URI (e.g. Getty AAT); empty when the field has none.
    vocabulary: dict[str, str] = field(default_factory=dict)
    #: Place name as written (casefolded) -> its coordinates, for `place` fields.
    gazetteer: dict[str, Gazetted] = field(default_factory=dict)

    def label(self, lang: str = "en") -> str:
        """The field's label in `lang`, falling back to English, then the key."""
        return self.labels.get(lang) or self.labels.get("en") or self.key


@dataclass(frozen=True)
class Gazetted:
    """A place name's entry in a profile's gazetteer: where it is, and its URI if it has one."""

    lat: float
    long: float
    uri: str | None = None


@dataclass(frozen=True)
class Institution:
    """Who publishes the catalogue: name per language, short code (OAI set spec), base URI, contact."""

    name: dict[str, str]
    code: str
    base_uri: str
    #: Contact for harvesters (OAI-PMH adminEmail); publish's --admin-email overrides it.
    email: str | None = None


@dataclass(frozen=True)
class Profile:
    """A loaded, merged and checked profile."""

    name: str
    title: str
    source: Path
    record_class: str
    separator: str
    institution: Institution
    fields: dict[str, Field]
    #: Europeana's edm:type for the records: IMAGE, TEXT, SOUND, VIDEO or 3D.
    edm_type: str = "IMAGE"
    #: The schema.org type of a record's landing page (VisualArtwork, Book, ArchiveComponent...).
    schema_type: str = "CreativeWork"
    #: The language the catalogue is written in (BCP 47): the language of untagged worded
    #: values, and of a text whose own language is not catalogued.
    language: str | None = None
    #: The DCMI Type of a record, unless `dcmi_types` maps one of its terms to another.
    dcmi_type: str = "PhysicalObject"
    #: Field key -> {term as catalogued, casefolded -> DCMI Type}: an archive's fonds is a Collection.
    dcmi_types: dict[str, dict[str, str]] = field(default_factory=dict)

    #: Role -> the first field that plays it; `by_role` is asked for every record.
    _roles: dict[str, Field] = field(init=False, repr=False, compare=False)
    #: The fields with a default, which every row without a value of its own takes.
    defaulted: tuple[Field, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        roles: dict[str, Field] = {}
        for f in self.fields.values():
            if f.role:
                roles.setdefault(f.role, f)
        object.__setattr__(self, "_roles", roles)
        object.__setattr__(self, "defaulted", tuple(f for f in self.fields.values() if f.default is not None))

    def by_role(self, role: str) -> Field | None:
        """The field that plays `role` (see ROLES), if the profile has one."""
        return self._roles.get(role)

    @property
    def id_field(self) -> Field:
        """The field whose value identifies a record (object number, shelfmark, reference code)."""
        found = self.by_role("id")
        assert found is not None, "checked on load"
        return found


def search_path() -> list[Path]:
    """Folders searched for a profile given by name, first match wins."""
    folders: list[Path] = []
    if os.environ.get(ENV_VAR):
        folders += [Path(p) for p in os.environ[ENV_VAR].split(os.pathsep) if p]
    folders.append(Path(typer.get_app_dir("eheritage")) / "profiles")
    folders.append(Path(str(resources.files("eheritage") / "profiles")))
    folders.append(Path(__file__).resolve().parent.parent / "profiles")
    return folders


def list_profiles() -> dict[str, Path]:
    """Every profile name found on the search path, with the file that wins."""
    found: dict[str, Path] = {}
    for folder in search_path():
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                found.setdefault(path.stem, path)
    return found


def find_profile(name_or_path: str | Path) -> Path:
    """A path as given, or the first `<name>.toml` on the search path."""
    as_path = Path(name_or_path)
    if as_path.suffix == ".toml" or as_path.is_file():
        if not as_path.is_file():
            raise ConfigError(f"profile file {as_path} does not exist", hint="check the path given to --profile")
        return as_path
    path = list_profiles().get(str(name_or_path))
    if path is None:
        names = ", ".join(sorted(list_profiles())) or "none"
        raise ConfigError(
            f"no profile named {str(name_or_path)!r}",
            hint=f"use one of: {names}, or a path to a .toml file (`eheritage profiles` lists them)",
        )
    return path


def load_profile(name_or_path: str | Path) -> Profile:
    """Load a profile by built-in name or path, resolve `extends`, and check it."""
    source = find_profile(name_or_path)
    data = _merged(source, seen=())
    return _build(data, source)


def _read_toml(path: Path) -> dict[str, Any]:
    data = read_toml(path, "profile")
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise ConfigError(
            f"profile {path}: unknown key {unknown[0]!r}",
            hint=f"top-level keys are: {', '.join(sorted(_TOP_KEYS))}",
        )
    return data


def _merged(path: Path, seen: tuple[Path, ...]) -> dict[str, Any]:
    """The profile's own tables laid over those of the profile it extends."""
    if path.resolve() in seen:
        raise ConfigError(f"profile {path}: `extends` loops back to itself", hint="remove the circular `extends`")
    data = _read_toml(path)
    parent_name = data.pop("extends", None)
    if parent_name is None:
        return data
    if not isinstance(parent_name, str):
        raise ConfigError(f"profile {path}: key 'extends' must be a profile name or path")
    parent_path = Path(parent_name)
    if not parent_path.is_absolute() and (path.parent / parent_path).is_file():
        parent_path = path.parent / parent_path
    else:
        parent_path = find_profile(parent_name)
    return _overlay(_merged(parent_path, (*seen, path.resolve())), data)


def _overlay(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """Tables merge key by key (per-field tables one level deeper: a profile adding one
    term to `[vocabularies.materials]` keeps the others); plain values replace."""
    merged = dict(base)
    for key, value in child.items():
        if key in _PER_FIELD_TABLES and isinstance(value, dict):
            tables = {k: dict(v) for k, v in base.get(key, {}).items() if isinstance(v, dict)}
            for fkey, settings in value.items():
                tables[fkey] = {**tables.get(fkey, {}), **settings} if isinstance(settings, dict) else settings
            merged[key] = tables
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = {**base[key], **value}
        else:
            merged[key] = value
    return merged


def _need(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise ConfigError(f"{where}: key {key!r} must be a {kind.__name__}, not {type(value).__name__}")
    return value


def _build(data: dict[str, Any], source: Path) -> Profile:
    where = f"profile {source}"
    fields_data = _need(data, "fields", dict, where)
    columns = data.get("columns", {})
    defaults = data.get("defaults", {})
    vocabularies = data.get("vocabularies", {})
    gazetteers = data.get("gazetteers", {})
    for table_name, table in (("columns", columns), ("defaults", defaults), ("vocabularies", vocabularies),
                              ("gazetteers", gazetteers)):
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: [{table_name}] must be a table")
        for key in table:
            base_key = _LANG_KEY.match(key).group("key") if _LANG_KEY.match(key) else key
            if base_key not in fields_data:
                raise ConfigError(
                    f"{where}: [{table_name}] names unknown field {key!r}",
                    hint=f"fields are: {', '.join(fields_data)}",
                )
    fields = {key: _build_field(key, settings, columns, defaults, vocabularies, where) for key, settings in fields_data.items()}
    for key, table in gazetteers.items():
        fields[key] = replace(fields[key], gazetteer=_gazetteer(table, f"{where} [gazetteers.{key}]"))
    _check_roles(fields, where)
    institution = _need(data, "institution", dict, where)
    inst_where = f"{where} [institution]"
    return Profile(
        name=_need(data, "name", str, where),
        title=str(data.get("title", data["name"])),
        source=source,
        record_class=_need(data, "record_class", str, where),
        separator=str(data.get("separator", "|")) or "|",
        institution=Institution(
            name=_need(institution, "name", dict, inst_where),
            code=_need(institution, "code", str, inst_where),
            base_uri=_need(institution, "base_uri", str, inst_where),
            email=_need(institution, "email", str, inst_where) if "email" in institution else None,
        ),
        fields=fields,
        edm_type=_edm_type(data.get("edm_type", "IMAGE"), where),
        schema_type=_schema_type(data.get("schema_type", "CreativeWork"), where),
        language=_language(data.get("language"), where),
        dcmi_type=_dcmi_type(data.get("dcmi_type", "PhysicalObject"), where),
        dcmi_types=_dcmi_types(data.get("dcmi_types", {}), fields, where),
    )


def _gazetteer(table: object, where: str) -> dict[str, Gazetted]:
    """`"baku" = { lat = 40.41, long = 49.87, uri = "..." }` entries, checked."""
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table of place = {{ lat = ..., long = ... }}")
    found = {}
    for name, entry in table.items():
        lat, long = (entry.get(k) if isinstance(entry, dict) else None for k in ("lat", "long"))
        uri = entry.get("uri") if isinstance(entry, dict) else None
        if not (isinstance(lat, (int, float)) and isinstance(long, (int, float)) and -90 <= lat <= 90 and -180 <= long <= 180):
            raise ConfigError(f"{where}: {name!r} needs lat (-90 to 90) and long (-180 to 180) in decimal degrees",
                              hint=f'write "{name}" = {{ lat = 40.4093, long = 49.8671 }}')
        if uri is not None and not (isinstance(uri, str) and uri.startswith(("http://", "https://"))):
            raise ConfigError(f"{where}: {name!r} has uri {uri!r}, which is not an http(s) URI",
                              hint="give the place's gazetteer URI (GeoNames, Wikidata), or leave uri out")
        found[str(name).casefold()] = Gazetted(float(lat), float(long), uri)
    return found


def _language(value: object, where: str) -> str | None:
    if value is not None and not (isinstance(value, str) and re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", value)):
        raise ConfigError(f"{where}: language {value!r} is not a BCP 47 language tag",
                          hint='give the language the catalogue is written in, e.g. language = "az"')
    return value


def _dcmi_type(value: object, where: str) -> str:
    if value not in DCMI_TYPES:
        raise ConfigError(f"{where}: {value!r} is not a DCMI Type", hint=f"use one of: {', '.join(sorted(DCMI_TYPES))}")
    return str(value)


def _dcmi_types(table: object, fields: dict[str, Field], where: str) -> dict[str, dict[str, str]]:
    if not isinstance(table, dict) or not all(isinstance(terms, dict) for terms in table.values()):
        raise ConfigError(f"{where}: [dcmi_types] must hold one table per field, term = \"DCMI Type\"",
                          hint='e.g. [dcmi_types.level] fonds = "Collection"')
    for key in table:
        if key not in fields:
            raise ConfigError(f"{where}: [dcmi_types] names unknown field {key!r}", hint=f"fields are: {', '.join(fields)}")
    return {key: {term.casefold(): _dcmi_type(kind, f"{where} [dcmi_types.{key}]") for term, kind in terms.items()}
            for key, terms in table.items()}


def _schema_type(value: object, where: str) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z][A-Za-z]+", value):
        raise ConfigError(f"{where}: schema_type {value!r} is not a schema.org type name",
                          hint="e.g. schema_type = \"VisualArtwork\" (see https://schema.org/CreativeWork)")
    return value


def _edm_type(value: object, where: str) -> str:
    if value not in {"IMAGE", "TEXT", "SOUND", "VIDEO", "3D"}:
        raise ConfigError(f"{where}: edm_type {value!r} is not one of IMAGE, TEXT, SOUND, VIDEO, 3D")
    return str(value)


def _build_field(
    key: str, settings: Any, columns: dict[str, str], defaults: dict[str, Any], vocabularies: dict[str, Any], where: str
) -> Field:
    where = f"{where} [fields.{key}]"
    if not isinstance(settings, dict):
        raise ConfigError(f"{where} must be a table")
    unknown = sorted(set(settings) - _FIELD_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}", hint=f"field keys are: {', '.join(sorted(_FIELD_KEYS))}")
    kind = settings.get("kind", "text")
    if kind not in KINDS:
        raise ConfigError(f"{where}: kind {kind!r} is not one of {', '.join(sorted(KINDS))}")
    role = settings.get("role")
    if role is not None and role not in ROLES:
        raise ConfigError(f"{where}: role {role!r} is not one of {', '.join(sorted(ROLES))}")
    tagged = {
        header: m.group("lang")
        for name, header in columns.items()
        if (m := _LANG_KEY.match(name)) and m.group("key") == key
    }
    default = defaults.get(key, settings.get("default"))
    vocabulary = {**settings.get("vocabulary", {}), **vocabularies.get(key, {})}
    return Field(
        key=key,
        labels=dict(settings.get("label", {})),
        kind=kind,
        column=str(columns.get(key, settings.get("column", key))),
        required=bool(settings.get("required", False)),
        repeatable=bool(settings.get("repeatable", False)),
        dc=settings.get("dc"),
        crm=settings.get("crm"),
        role=role,
        classified_as=settings.get("classified_as"),
        default=None if default is None else str(default),
        tagged_columns=tagged,
        vocabulary={str(k).casefold(): str(v) for k, v in vocabulary.items()},
    )


def _check_roles(fields: dict[str, Field], where: str) -> None:
    seen: dict[str, str] = {}
    for f in fields.values():
        if f.role and f.role in seen:
            raise ConfigError(f"{where}: fields {seen[f.role]!r} and {f.key!r} both have role {f.role!r}")
        if f.role:
            seen[f.role] = f.key
    if "id" not in seen:
        raise ConfigError(f"{where}: no field has role = \"id\"", hint="mark the record identifier field with role = \"id\"")
