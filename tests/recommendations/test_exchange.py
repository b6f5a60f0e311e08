"""Items out to CSV, XLSX and JSON and back in: round trips, matches by reference, refuses bad rows whole."""

import csv
import io
import json
import math

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations import rows as rows_module
from recommendations.models import Body, Event, Item, ItemOwner, Link
from recommendations.services import ImportRefused, exchange, export, update_details

pytestmark = pytest.mark.django_db


def _snapshot():
    rows = Item.objects.order_by("pk").values_list(
        "pk", "kind", "status", "response", "summary", "summary_zh", "due_date", "priority", "progress", "version"
    )
    owners = Item.objects.order_by("pk", "ownerships__body__code").values_list(
        "pk", "ownerships__body__code", "ownerships__role"
    )
    return list(rows), list(owners), Event.objects.count()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_then_import_changes_nothing(opened, coordinator, fmt):
    data = export.export_items(Item.objects.all(), fmt)
    before = _snapshot()
    report = exchange.import_items(data=data, fmt=fmt, actor=coordinator)
    assert (report.rows, report.changed) == (35, [])
    assert _snapshot() == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_an_edited_file_applies_through_the_workflow_and_twice_adds_nothing(opened, coordinator, fmt):
    rows = json.loads(export.export_items(Item.objects.filter(paragraph__number=109), "json"))
    rows[0].update(status="in_progress", response="accepted", due_date="2027-03-31", progress="20",
                   lead="SC SEC", supporting="TPCC", summary="=SUM(A1) is just text")  # fmt: skip
    data = _encode(rows, fmt)
    report = exchange.import_items(data=data, fmt=fmt, actor=coordinator)
    assert report.changed == ["S/2017/130 109-1"]
    item = Item.objects.get(paragraph__number=109)
    assert (item.status, item.response, str(item.due_date), item.progress) == (
        "in_progress",
        "accepted",
        "2027-03-31",
        20,
    )
    assert dict(item.ownerships.values_list("body__code", "role")) == {
        "SC": "lead",
        "SEC": "lead",
        "TPCC": "supporting",
    }
    assert item.summary == "=SUM(A1) is just text"
    assert set(item.events.values_list("action", flat=True)) >= {"start", "accept", "set_due_date", "progress"}
    before = _snapshot()
    assert exchange.import_items(data=data, fmt=fmt, actor=coordinator).changed == []
    assert _snapshot() == before


def _encode(rows, fmt):
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False).encode()
    dataset = tablib.Dataset(
        *[[exchange.escape(r[c]) for c in exchange.COLUMNS] for r in rows], headers=exchange.COLUMNS
    )
    out = dataset.export(fmt)
    return out.encode() if isinstance(out, str) else out


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_spreadsheet_formulae_are_escaped_on_export(opened, coordinator, fmt):
    item = Item.objects.get(paragraph__number=109)
    update_details(item=item, actor=coordinator, summary='=HYPERLINK("http://evil.example","x")')
    data = export.export_items(Item.objects.filter(pk=item.pk), fmt)
    if fmt == "csv":
        row = next(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert row["summary"] == '\'=HYPERLINK("http://evil.example","x")'
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data)).active
        summary_column = exchange.COLUMNS.index("summary") + 1
        cell = sheet.cell(row=2, column=summary_column)
        assert cell.data_type == "s" and cell.value.startswith("'=")


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(opened, coordinator):
    rows = json.loads(export.export_items(Item.objects.filter(paragraph__number__in=[104, 105, 106, 107]), "json"))
    rows[0]["status"] = "implemented"  # needs evidence
    rows[1]["due_date"] = "31/12/2027"
    rows[2]["lead"] = "SC NOPE"
    rows[3]["summary"] = "a fine change"  # a good row: must not be applied either
    rows.append(dict(rows[3], key="104-9"))
    before = _snapshot()
    with pytest.raises(ImportRefused) as excinfo:
        exchange.import_items(data=_encode(rows, "csv"), fmt="csv", actor=coordinator)
    message = excinfo.value.message
    assert "line 2 (S/2017/130 ¶104): status 'implemented' needs evidence" in message
    assert "line 3 (S/2017/130 ¶105): due_date '31/12/2027' is not a date" in message
    assert "line 4 (S/2017/130 ¶106): lead: unknown body 'NOPE'" in message
    assert "line 6: no item 104-9 in S/2017/130 (zh)" in message
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("data", "fmt", "message"),
    [
        (b"", "csv", "the file is empty"),
        (b"a,b\n1,2\n", "csv", "no column document, language, key"),
        (b"document,language,key,colour\n", "csv", "unknown column colour"),
        (b'{"not": "a list"}', "json", "a list of objects"),
        (b"\xff\xfe\x00garbage", "csv", "not UTF-8"),
        (b"not a zip", "xlsx", "cannot be read as XLSX"),
        (b"x", "ods", "unknown format 'ods'"),
    ],
)
def test_unreadable_files_are_refused_by_name(opened, coordinator, data, fmt, message):
    with pytest.raises(ImportRefused, match=message):
        exchange.import_items(data=data, fmt=fmt, actor=coordinator)


def test_a_row_the_workflow_refuses_undoes_the_whole_file(opened, tpcc_focal_point):
    rows = json.loads(export.export_items(Item.objects.filter(paragraph__number__in=[109, 110]), "json"))
    for row in rows:
        row["status"] = "in_progress"
    before = _snapshot()
    with pytest.raises(ImportRefused, match=r"item 2 \(S/2017/130 ¶110\): you may not start"):
        exchange.import_items(data=_encode(rows, "json"), fmt="json", actor=tpcc_focal_point)
    assert _snapshot() == before


def test_admin_export_follows_the_filters_and_the_users_scope(client, opened, coordinator, au_focal_point):
    client.force_login(coordinator)
    url = reverse("admin:recommendations_item_export", args=["json"])
    response = client.get(url, {"kind__exact": "recommendation"})
    assert response["Content-Disposition"].startswith('attachment; filename="items-')
    rows = json.loads(response.getvalue())
    assert len(rows) == 6 and {r["kind"] for r in rows} == {"recommendation"}
    client.force_login(au_focal_point)
    rows = json.loads(client.get(url).getvalue())
    assert {r["key"] for r in rows} == {"41-1", "42-1", "44-1", "45-1"}


def test_admin_export_names_no_linked_item_the_focal_point_may_not_see(client, linked, au_focal_point):
    link = linked[0]
    au = Body.objects.get(code="AU")
    ItemOwner.objects.get_or_create(item=link.earlier, body=au)
    ItemOwner.objects.filter(item=link.item, body=au).delete()  # the later item is another body's
    client.force_login(au_focal_point)
    rows = json.loads(client.get(reverse("admin:recommendations_item_export", args=["json"])).getvalue())
    [row] = [r for r in rows if r["key"] == link.earlier.key and r["document"] == "S/2017/130"]
    assert row["lineage"] == ""


def test_admin_import_is_for_coordinators_and_reports_what_changed(client, opened, coordinator, tpcc_focal_point):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("admin:recommendations_item_import")
    rows = json.loads(export.export_items(Item.objects.filter(paragraph__number=106), "json"))
    rows[0]["summary"] = "Changed by file"
    upload = SimpleUploadedFile("items.json", json.dumps(rows).encode())
    client.force_login(tpcc_focal_point)
    assert client.post(url, {"file": upload}).status_code == 403
    client.force_login(coordinator)
    upload.seek(0)
    page = client.post(url, {"file": upload}, follow=True).content.decode()
    assert "1 rows read: 1 items changed, 0 unchanged." in page
    assert Item.objects.get(paragraph__number=106).summary == "Changed by file"
    bad = SimpleUploadedFile("items.txt", b"x")
    assert "must end in .csv, .xlsx or .json" in client.post(url, {"file": bad}).content.decode()


def test_export_and_import_commands(opened, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "items.xlsx"
    call_command("export_items", str(path), "--document", "S/2017/130", stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_items", str(path), stdout=out)
    assert "35 rows read: 0 items changed, 35 unchanged." in out.getvalue()


def _by_key(data: bytes, fmt: str) -> dict[tuple[str, str], dict]:
    return {(row["document"], row["key"]): row for row in exchange.read_rows(data, fmt)}


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_an_export_names_each_items_confirmed_links_and_imports_again_unchanged(linked, coordinator, fmt):
    data = export.export_items(Item.objects.all(), fmt)
    rows = _by_key(data, fmt)
    for link in linked:
        later, earlier = rows[("S/2095/130", link.item.key)], rows[("S/2017/130", link.earlier.key)]
        assert later["lineage"] == f"{link.relation} S/2017/130 {link.earlier.key}"
        assert earlier["lineage"] == f"{rows_module.RELATED_BY[link.relation]} S/2095/130 {link.item.key}"
    # Proposed and rejected links are the review queue's, not the file's.
    assert sum(bool(row["lineage"]) for row in rows.values()) == 2 * len(linked)
    before = _snapshot()
    report = exchange.import_items(data=data, fmt=fmt, actor=coordinator)
    assert report.rows == Item.objects.count() and report.changed == []
    assert _snapshot() == before


def test_an_items_links_are_read_once_per_batch_of_the_export(linked, monkeypatch):
    monkeypatch.setattr(export, "EXPORT_BATCH", 7)
    count = Item.objects.count()
    with CaptureQueriesContext(connection) as queries:
        rows = list(export.export_rows(Item.objects.order_by("pk"), reader=None))
    assert len(rows) == count > 7
    assert sum(Link._meta.db_table in query["sql"] for query in queries) == math.ceil(count / 7)


def test_an_api_export_names_only_links_to_items_the_caller_may_see(api, linked, tpcc_focal_point):
    link = linked[0]
    tpcc = Body.objects.get(code="TPCC")
    ItemOwner.objects.get_or_create(item=link.earlier, body=tpcc)
    ItemOwner.objects.filter(item=link.item, body=tpcc).delete()
    client = api(tpcc_focal_point)
    rows = _by_key(b"".join(client.get("/api/v1/items/export/json/").streaming_content), "json")
    assert rows[("S/2017/130", link.earlier.key)]["lineage"] == ""
    ItemOwner.objects.create(item=link.item, body=tpcc)
    rows = _by_key(b"".join(client.get("/api/v1/items/export/json/").streaming_content), "json")
    assert rows[("S/2017/130", link.earlier.key)]["lineage"].endswith(f"S/2095/130 {link.item.key}")
