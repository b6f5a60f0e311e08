import pytest

from recommendations.ingest import IngestError
from recommendations.ingest.symbols import find_citations, normalise, undocs_url, validate


@pytest.mark.parametrize(
    ("text", "symbol"),
    [
        ("S/RES/2436 (2018)", "S/RES/2436 (2018)"),
        ("S/RES/2436(2018)", "S/RES/2436 (2018)"),
        ("S/PRST/2015/26", "S/PRST/2015/26"),
        ("A/70/95-S/2015/446", "A/70/95-S/2015/446"),
        (" S/2017/2/Rev.1 ", "S/2017/2/Rev.1"),
    ],
)
def test_valid_symbols_are_normalised(text, symbol):
    assert validate(text) == symbol


@pytest.mark.parametrize("text", ["", "S/", "hello", "S/RES/2436", "http://example.org", "2436 (2018)"])
def test_invalid_symbols_are_refused_by_name(text):
    with pytest.raises(IngestError, match="symbol"):
        validate(text)


def test_links_are_in_the_document_language_as_the_reports_print_them():
    assert undocs_url("S/RES/2129 (2013)", "zh") == "http://undocs.org/ch/S/RES/2129(2013)"
    assert undocs_url("A/70/95-S/2015/446", "zh") == "http://undocs.org/ch/A/70/95"
    assert undocs_url("S/PRST/2015/26", "en") == "http://undocs.org/en/S/PRST/2015/26"


def test_general_assembly_resolutions_are_told_apart():
    cited = find_citations("大会第 70/1 号决议和大会第 2129(2013)号决议", "zh")
    assert [c.symbol for c in cited] == ["A/RES/2129 (2013)"]
    assert normalise("S/RES/1373(2001)") == "S/RES/1373 (2001)"
