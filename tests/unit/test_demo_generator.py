from collections import Counter

from sme2go.registry.demo import PROGRAMME_PARTNERS, generate_companies, nordic_cities
from sme2go.taxonomy import load_taxonomy


def test_it_is_reproducible_from_its_seed():
    assert generate_companies(30, seed=7) == generate_companies(30, seed=7)
    assert generate_companies(30, seed=7) != generate_companies(30, seed=8)


def test_it_places_companies_in_real_cities_of_their_country():
    for company in generate_companies(200):
        assert company.city in {name for name, _ in nordic_cities()[company.country]}


def test_it_uses_only_taxonomy_capabilities_with_levels_between_0_and_1():
    taxonomy = load_taxonomy()
    for company in generate_companies(200):
        assert company.solutions
        for solution in company.solutions:
            for capability, level in solution.capabilities.items():
                assert taxonomy.is_capability(capability)
                assert 0 <= level <= 1


def test_it_spreads_companies_over_the_three_countries_and_all_partners():
    companies = generate_companies(500)
    assert len({c.legal_name for c in companies}) == 500
    countries = Counter(c.country for c in companies)
    assert set(countries) == {"EE", "FI", "SE"} and min(countries.values()) > 100
    supported = {short for c in companies for short in c.partners}
    assert supported == {p[1] for p in PROGRAMME_PARTNERS}


def test_it_makes_large_registries_with_distinct_names():
    companies = generate_companies(5000, seed=3)
    assert len({c.legal_name for c in companies}) == 5000
