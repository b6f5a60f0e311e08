"""Reading a report's masthead to fill in the import form: what is printed is found, what is not is None."""

from recommendations.ingest import Masthead, parse, read_masthead
from recommendations.ingest.masthead import text_language

from .conftest import SAMPLES


def test_the_seed_masthead_gives_its_symbol_chinese_and_the_parsers_title(seed_bytes, seed):
    masthead = read_masthead(seed_bytes.decode("utf-8"))
    assert masthead == Masthead(symbol="S/2017/130", language="zh", title=seed.title)
    assert masthead.title.startswith("关于维持和平行动工作组")


def test_an_english_masthead_gives_its_symbol_english_and_title():
    data = (SAMPLES / "report.en.txt").read_bytes()
    masthead = read_masthead(data.decode("utf-8"))
    assert (masthead.symbol, masthead.language) == ("S/2099/42", "en")
    assert masthead.title == parse(data, language="en").title
    assert masthead.title.startswith("Report of the Working Group on Peacekeeping Operations")


def test_a_text_without_masthead_gives_only_its_language():
    assert read_masthead("1. The Council met twice.\n2. It agreed.\n") == Masthead(None, "en", None)
    assert read_masthead("1. 安理会开会两次。\n2. 达成一致。\n") == Masthead(None, "zh", None)


def test_a_text_of_neither_script_has_no_language():
    assert read_masthead("1. 2. 3.\n") == Masthead(None, None, None)


def test_a_chinese_report_stays_chinese_despite_its_english_masthead_and_symbols():
    text = (
        "United Nations S/2017/130\nSecurity Council\nDistr.: General\n"
        "1. 工作组审议了安全理事会主席声明S/PRST/2001/3号文件并表示关切。\n"
    )
    assert text_language(text) == "zh"
