"""Files of items: refused by size, unzipped size and rows before or while they are read; bad cells by name."""

import io
import json
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recommendations.models import Item
from recommendations.services import ImportRefused, TooLarge, exchange, export
from tests.recommendations.test_exchange import _encode, _snapshot

pytestmark = pytest.mark.django_db


def _rows(count: int) -> list[dict]:
    blank = dict.fromkeys(exchange.COLUMNS, "")
    return [{**blank, "document": "S/2017/130", "language": "zh", "key": f"{n}-1"} for n in range(count)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_a_file_with_more_rows_than_the_cap_is_refused(bodies, coordinator, settings, fmt):
    settings.ITEM_IMPORT_MAX_ROWS = 50
    with pytest.raises(TooLarge, match="more than 50 rows"):
        exchange.import_items(data=_encode(_rows(51), fmt), fmt=fmt, actor=coordinator)


def test_the_row_cap_stops_reading_a_spreadsheet_part_way(bodies, settings):
    settings.ITEM_IMPORT_MAX_ROWS = 10
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(exchange.COLUMNS)
    for n in range(200_000):
        sheet.append(["S/2017/130", "zh", f"{n}-1"])
    out = io.BytesIO()
    book.save(out)
    read = []
    original = exchange._check_row_count
    exchange._check_row_count = lambda count: (read.append(count), original(count))
    try:
        with pytest.raises(TooLarge):
            exchange.read_rows(out.getvalue(), "xlsx")
    finally:
        exchange._check_row_count = original
    assert max(read) == 11


def test_a_spreadsheet_that_unzips_beyond_the_cap_is_refused_before_it_is_parsed(bodies, settings):
    settings.ITEM_IMPORT_MAX_UNZIPPED_BYTES = 1_000_000
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("xl/worksheets/sheet1.xml", b" " * 5_000_000)  # 5 MB of nothing, a few KB zipped
    assert len(out.getvalue()) < 50_000
    with pytest.raises(TooLarge, match="unzips to 5 MB"):
        exchange.read_rows(out.getvalue(), "xlsx")


def test_a_file_over_the_byte_cap_is_refused_unread(bodies, settings):
    settings.ITEM_IMPORT_MAX_BYTES = 100
    with pytest.raises(TooLarge, match="ITEM_IMPORT_MAX_BYTES"):
        exchange.read_rows(b"document,language,key\n" * 10, "csv")


def test_the_admin_import_names_the_cap(client, opened, coordinator, settings):
    settings.ITEM_IMPORT_MAX_ROWS = 3
    client.force_login(coordinator)
    upload = SimpleUploadedFile("items.csv", _encode(_rows(4), "csv"))
    response = client.post(reverse("admin:recommendations_item_import"), {"file": upload})
    assert response.status_code == 200
    assert "more than 3 rows" in response.content.decode()


def _one_row(opened, **changes) -> dict:
    row = json.loads(export.export_items(Item.objects.filter(paragraph__number=109), "json"))[0]
    return {**row, **changes}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"summary": "a\x00b"}, "NUL character"),
        ({"summary_zh": "x" * 2001}, "summary_zh is 2,001 characters long; at most 2,000"),
        ({"progress": "1e400"}, "progress '1e400' is not a number from 0 to 100"),
        ({"progress": "nan"}, "progress 'nan' is not a number"),
        ({"progress": "-1"}, "progress '-1' is not a number"),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_bad_cell_is_refused_by_name_and_nothing_changes(opened, coordinator, fmt, changes, message):
    before = _snapshot()
    with pytest.raises(ImportRefused, match=message.replace("(", r"\(").replace(")", r"\)")):
        exchange.import_items(data=_encode([_one_row(opened, **changes)], fmt), fmt=fmt, actor=coordinator)
    assert _snapshot() == before


def test_deeply_nested_json_is_refused_by_name(bodies, coordinator):
    with pytest.raises(ImportRefused, match="nested too deeply"):
        exchange.import_items(data=b"[" * 100_000 + b"]" * 100_000, fmt="json", actor=coordinator)


def test_a_control_character_in_a_summary_does_not_break_the_spreadsheet(opened, coordinator):
    from recommendations.services import update_details

    item = Item.objects.get(paragraph__number=109)
    update_details(item=item, actor=coordinator, summary="bell\x07here")
    book = openpyxl.load_workbook(io.BytesIO(export.export_items(Item.objects.filter(pk=item.pk), "xlsx")))
    assert list(book.active.values)[1][exchange.COLUMNS.index("summary")] == "bell\ufffdhere"
    rows = json.loads(export.export_items(Item.objects.filter(pk=item.pk), "json"))
    assert rows[0]["summary"] == "bell\x07here"
