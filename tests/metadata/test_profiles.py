from pathlib import Path

import pytest

from eheritage.errors import ConfigError
from eheritage.metadata.rdf import compile_profile
from eheritage.profiles import list_profiles, load_profile

MINIMUM = {
    "museum": ["object_number*", "object_name*", "title", "description", "maker", "date", "place_made", "materials",
               "technique", "dimensions", "number_of_objects", "credit_line", "current_location", "collection",
               "rights*", "image_files"],
    "library": ["identifier*", "title*", "creator", "date_issued", "publisher", "place", "language*", "subject",
                "extent", "rights*", "image_files"],
    "archive": ["reference_code*", "title*", "dates*", "level*", "extent*", "creator*", "scope_content", "parent",
                "access", "rights*", "image_files"],
}


@pytest.mark.parametrize("name", sorted(MINIMUM))
def test_built_in_profiles_have_the_minimum_fields(name: str) -> None:
    profile = load_profile(name)
    got = [f"{f.key}{'*' if f.required else ''}" for f in profile.fields.values()]
    minimum = {m.rstrip("*") for m in MINIMUM[name]}
    assert [g for g in got if g.rstrip("*") in minimum] == MINIMUM[name]  # extra fields are allowed
    assert all(set(f.labels) >= {"en", "az", "ru"} for f in profile.fields.values())
    assert profile.institution.code and profile.institution.base_uri.startswith("https://")
    compile_profile(profile)  # every CRM path and DC term exists


def test_the_issue_s_extends_form_works(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        'extends = "museum"\n[columns]\nobject_number = "accession_number"\ntitle = "title"\nmaker = "artist"\n'
        'date = "dateText"\ndimensions = "dimensions"\ncredit_line = "creditLine"\n"title@az" = "Başlıq"\n'
        '[defaults]\nrights = "http://rightsstatements.org/vocab/InC/1.0/"\n',
        encoding="utf-8",
    )
    profile = load_profile(path)
    assert profile.fields["object_number"].column == "accession_number"
    assert profile.fields["maker"].column == "artist"
    assert profile.fields["title"].tagged_columns == {"Başlıq": "az"}
    assert profile.fields["rights"].default == "http://rightsstatements.org/vocab/InC/1.0/"
    assert profile.fields["materials"].vocabulary  # inherited untouched


def test_profile_errors_name_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('extends = "museum"\n[columns]\nobjekt = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml.*\[columns\].*'objekt'"):
        load_profile(path)


def test_misspelt_crm_class_is_reported_with_its_field(tmp_path: Path) -> None:
    path = tmp_path / "typo.toml"
    path.write_text('extends = "museum"\n[fields.date]\ncrm = "P108i_was_produced_by/E12_Production/P4_has_time-span/E52_Timespan"\n')
    with pytest.raises(ConfigError, match=r"typo\.toml \[fields\.date\].*E52_Timespan"):
        compile_profile(load_profile(path))


def test_profile_path_env_var_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "museum.toml").write_text('extends = "library"\ntitle = "Local override"\n', encoding="utf-8")
    monkeypatch.setenv("EHERITAGE_PROFILE_PATH", str(tmp_path))
    assert list_profiles()["museum"] == tmp_path / "museum.toml"
    with pytest.raises(ConfigError, match="loops back"):
        # the local museum extends library; a library extending the local museum would loop
        (tmp_path / "library.toml").write_text('extends = "museum"\n', encoding="utf-8")
        load_profile("museum")


def test_unknown_profile_name_lists_the_known_ones() -> None:
    with pytest.raises(ConfigError) as err:
        load_profile("musuem")
    assert err.value.hint and "museum" in err.value.hint


@pytest.mark.parametrize(("table", "message"), [
    ('[gazetteers.place_made]\n"baku" = { lat = 140.0, long = 49.8 }', "needs lat (-90 to 90)"),
    ('[gazetteers.place_made]\n"baku" = { lat = 40.4, long = 49.8, uri = "geonames 587084" }', "not an http(s) URI"),
    ('[gazetteers.no_such_field]\n"baku" = { lat = 40.4, long = 49.8 }', "names unknown field 'no_such_field'"),
    ('dcmi_type = "Painting"', "'Painting' is not a DCMI Type"),
    ('language = "Azerbaijani"', "is not a BCP 47 language tag"),
    ('[dcmi_types.object_name]\n"carpet" = "Rug"', "'Rug' is not a DCMI Type"),
])
def test_the_europeana_keys_of_a_profile_are_checked(tmp_path: Path, table: str, message: str) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(f'extends = "museum"\n{table}\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_profile(path)
    assert message in str(caught.value) and str(path) in str(caught.value)


def test_a_gazetteer_gives_places_their_coordinates(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('extends = "museum"\n[gazetteers.place_made]\n"Qəbələ" = { lat = 40.98, long = 47.85, '
                    'uri = "https://www.wikidata.org/wiki/Q1013233" }\n', encoding="utf-8")
    place = load_profile(path).fields["place_made"].gazetteer["qəbələ"]
    assert (place.lat, place.long, place.uri) == (40.98, 47.85, "https://www.wikidata.org/wiki/Q1013233")
    assert "baku" in load_profile(path).fields["place_made"].gazetteer  # the museum's own entries stay
