"""The RATIO lines of ``make bench``: their exact form, and a figure outside its budget failing the run."""

import pytest

from bench import ratios


def test_a_line_is_ratio_name_value_op_budget():
    assert (
        ratios.line("api_list.naive_over_ours@100k", 35.43, ">=", 25)
        == "RATIO api_list.naive_over_ours@100k 35.4 >= 25"
    )


def test_a_small_value_keeps_two_decimals_so_a_budget_of_1_2_can_be_judged():
    assert (
        ratios.line("api_list.deep_over_first@1M", 1.204, "<=", 1.2) == "RATIO api_list.deep_over_first@1M 1.20 <= 1.2"
    )


@pytest.mark.parametrize(("count", "label"), [(10_000, "10k"), (100_000, "100k"), (1_000_000, "1M"), (1500, "1500")])
def test_sizes_are_named_as_the_issue_names_them(count, label):
    assert ratios.size_label(count) == label


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("RATIO a.b@1M 25.0 >= 25", True),
        ("RATIO a.b@1M 24.9 >= 25", False),
        ("RATIO a.b@1M 2.00 <= 2", True),
        ("RATIO a.b@1M 2.01 <= 2", False),
    ],
)
def test_a_figure_is_judged_by_its_op_and_budget(text, kept):
    assert ratios.within(text) is kept


def test_a_figure_is_judged_as_printed():
    # 1.204 prints as 1.20: the line says it keeps ≤ 1.2, and so does the verdict.
    assert ratios.within(ratios.line("x", 1.204, "<=", 1.2))


@pytest.mark.parametrize(("name", "op"), [("two words", ">="), ("x", "<"), ("", ">=")])
def test_a_malformed_figure_is_refused(name, op):
    with pytest.raises(ValueError):
        ratios.line(name, 1.0, op, 2)


def test_emit_prints_the_line_and_appends_it_to_the_collected_file(tmp_path, monkeypatch, capsys):
    target = tmp_path / "ratios.txt"
    monkeypatch.setenv("BENCH_RATIOS", str(target))
    ratios.emit("sweep.naive_over_ours@100k", 99.04, ">=", 50)
    ratios.emit("sweep.ours_over_floor@100k", 1.43, "<=", 1.5)
    assert capsys.readouterr().out.splitlines()[-1] == "RATIO sweep.ours_over_floor@100k 1.43 <= 1.5"
    assert target.read_text().splitlines() == [
        "RATIO sweep.naive_over_ours@100k 99.0 >= 50",
        "RATIO sweep.ours_over_floor@100k 1.43 <= 1.5",
    ]


def test_the_report_prints_every_line_last_and_fails_when_one_is_outside_its_budget(tmp_path, capsys):
    collected = tmp_path / "ratios.txt"
    collected.write_text(
        "RATIO api_list.naive_over_ours@100k 35.4 >= 25\nRATIO api_list.ours_over_floor@100k 2.15 <= 2\n"
    )
    assert ratios.report(collected) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == collected.read_text().splitlines()
    assert "api_list.ours_over_floor@100k" in err and "naive_over_ours" not in err


def test_the_report_passes_when_every_figure_keeps_its_budget(tmp_path, capsys):
    collected = tmp_path / "ratios.txt"
    collected.write_text("RATIO export.peak_mb@100k 41.0 <= 100\n")
    assert ratios.report(collected) == 0
    assert capsys.readouterr().out == "RATIO export.peak_mb@100k 41.0 <= 100\n"


def test_the_report_fails_when_no_figure_was_collected(tmp_path):
    assert ratios.report(tmp_path / "missing.txt") == 1
