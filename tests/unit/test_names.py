from sme2go.registry.names import normalise_legal_name, website_domain


def test_it_drops_legal_forms_accents_case_and_punctuation():
    assert normalise_legal_name("Smart Water OÜ") == "smart water"
    assert normalise_legal_name("Oy Smart-Water Ab") == "smart water"
    assert normalise_legal_name("SMART WATER AB") == "smart water"
    assert normalise_legal_name("Västerås Energi & Vatten AB") == "vasteras energi and vatten"


def test_it_keeps_the_distinguishing_words():
    assert normalise_legal_name("Smart Water Systems AB") != normalise_legal_name("Smart Water AB")


def test_it_reduces_websites_to_their_domain():
    assert website_domain("https://www.Example.com/about?x=1") == "example.com"
    assert website_domain("example.com") == "example.com"
