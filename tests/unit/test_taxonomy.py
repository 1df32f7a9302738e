from sme2go.taxonomy import load_taxonomy
from sme2go.taxonomy.model import THEME_IDS, normalise_sector


def test_it_has_the_19_iso_37120_themes_in_order():
    assert [theme.id for theme in load_taxonomy().themes] == list(THEME_IDS)
    assert len(THEME_IDS) == 19


def test_it_names_capabilities_theme_dot_capability():
    taxonomy = load_taxonomy()
    for theme in taxonomy.themes:
        assert len(theme.capabilities) >= 3
        for capability in theme.capabilities:
            assert capability.id.startswith(theme.id + ".")
    assert taxonomy.capability("transportation.traffic-management").theme_id == "transportation"


def test_it_crosswalks_only_to_known_themes():
    taxonomy = load_taxonomy()
    rows = taxonomy.worldbank_sectors + taxonomy.cpv + taxonomy.nace
    assert {row.theme_id for row in rows} <= set(THEME_IDS)
    assert set(taxonomy.giffinger) == {theme.giffinger for theme in taxonomy.themes} | set(taxonomy.giffinger)
    assert {theme.giffinger for theme in taxonomy.themes} <= set(taxonomy.giffinger)


def test_it_maps_world_bank_sectors_whatever_their_fiscal_prefix():
    taxonomy = load_taxonomy()
    assert taxonomy.themes_for_worldbank_sector("FY17 - Water Supply") == [("water", 1.0)]
    assert taxonomy.themes_for_worldbank_sector("(Historic)Urban water supply") == [("water", 1.0)]
    assert taxonomy.themes_for_worldbank_sector("FY17 - Crops") == []
    assert normalise_sector("FY17 - Other Water Supply, Sanitation and Waste Management") == (
        "other water supply sanitation and waste management"
    )


def test_it_maps_cpv_and_nace_codes_by_their_most_specific_prefix():
    taxonomy = load_taxonomy()
    assert taxonomy.themes_for_cpv("90511000-2") == ["solid-waste"]
    assert taxonomy.themes_for_cpv("90400000-1") == ["wastewater"]
    assert taxonomy.themes_for_cpv("34144900-7") == ["transportation"]
    assert taxonomy.themes_for_nace("36.00") == ["water"]
    assert taxonomy.themes_for_nace("01") == []


def test_it_refuses_unknown_capability_ids_by_name():
    taxonomy = load_taxonomy()
    assert not taxonomy.is_capability("water.teleportation")
    try:
        taxonomy.capability("water.teleportation")
    except KeyError as error:
        assert "water.teleportation" in str(error)
    else:
        raise AssertionError("expected KeyError")
