"""The two commands as a coordinator runs them."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from recommendations import permissions
from recommendations.dashboard import dashboard_for
from recommendations.models import Document, Item, Link
from tests.conftest import SEED
from tests.recommendations.ingest.conftest import SAMPLES

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_document_command_imports_then_changes_nothing(bodies):
    first = _run("import_document", str(SEED), "--symbol", "S/2017/130", "--language", "zh")
    assert "Imported S/2017/130 (zh): 110 paragraphs, 35 items proposed for review." in first
    second = _run("import_document", str(SEED), "--symbol", "S/2017/130", "--language", "zh")
    assert "already imported with this text; nothing changed" in second
    assert Document.objects.count() == 1 and Item.objects.count() == 35


@pytest.mark.parametrize(
    ("content", "language", "message"),
    [
        (b"", "zh", "the file is empty"),
        (b"\x00\x00", "zh", "binary"),
        ("S/2017/130\n1. 一。\n".encode(), "fr", "unknown language 'fr'"),
    ],
)
def test_import_document_command_bad_input_is_one_line_error(bodies, tmp_path, content, language, message):
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message) as excinfo:
        call_command("import_document", str(path), "--symbol", "S/2017/130", "--language", language)
    assert "\n" not in str(excinfo.value)
    assert Document.objects.count() == 0


@pytest.mark.parametrize(("path", "shown"), [(SEED, "S/2017/130 (zh)"), (SAMPLES / "report.en.txt", "S/2099/42 (en)")])
def test_import_document_command_reads_symbol_and_language_from_the_report_when_not_given(bodies, path, shown):
    out = _run("import_document", str(path))
    assert out.startswith(f"Imported {shown}: ")
    (document,) = Document.objects.all()
    assert f"{document.symbol} ({document.language})" == shown


def test_import_document_command_without_a_symbol_in_the_masthead_asks_for_one(bodies, tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("1. 工作组建议秘书处加强培训。\n".encode())
    with pytest.raises(CommandError, match="no document symbol in the masthead"):
        call_command("import_document", str(path))
    assert Document.objects.count() == 0


def test_import_document_command_missing_file(bodies, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_document", str(tmp_path / "nope.txt"), "--symbol", "S/1", "--language", "zh")


def test_load_demo_loads_everything_and_prints_the_logins(settings, tmp_path, body_entries):
    settings.VAR_DIR = tmp_path
    out = _run("load_demo")
    assert f"Bodies: {len(body_entries)} created" in out
    assert "Reviewed items: 35 opened" in out and "Due dates: 10 set." in out
    logins = json.loads((tmp_path / "demo-logins.json").read_text())
    assert set(logins) == {"coordinator", "focal-tpcc", "focal-au", "focal-secretariat", "viewer"}
    assert f"coordinator / {logins['coordinator']}" in out
    user = get_user_model().objects.get(username="coordinator")
    assert user.check_password(logins["coordinator"]) and user.is_staff and not user.is_superuser
    assert permissions.is_coordinator(user)
    focal = get_user_model().objects.get(username="focal-au")
    assert list(focal.memberships.values_list("body__code", "role")) == [("AU", "lead")]
    assert Item.objects.open().count() == 35
    assert Item.objects.overdue().count() == 3
    assert "Imported S/2095/130 (zh) (constructed): 45 items to review, 26 with a likely predecessor." in out
    assert Link.objects.filter(state="proposed").count() == 26
    assert user.get_full_name() == "Claire Moreau"  # emails greet people by their full name


def test_load_demo_leaves_a_closure_proposed_and_one_returned_for_the_front_pages(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    assert "Closures: 2 proposed or returned." in _run("load_demo")
    coordinator = get_user_model().objects.get(username="coordinator")
    focal = get_user_model().objects.get(username="focal-tpcc")
    assert dashboard_for(coordinator).closures_proposed == 1
    (returned,) = dashboard_for(focal).returned
    assert returned.key == "109-1" and returned.return_comment.startswith("Which meetings?")


def test_load_demo_twice_changes_nothing(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    first = _run("load_demo")
    versions = dict(Item.objects.values_list("pk", "version"))
    second = _run("load_demo")
    assert "Bodies: 0 created, 0 updated." in second
    assert "Reviewed items: 0 opened, 0 updated, 35 unchanged." in second
    assert "Due dates: 0 set." in second and "Closures: 0 proposed or returned." in second
    assert "Already imported: S/2095/130 (zh)." in second
    assert dict(Item.objects.values_list("pk", "version")) == versions
    assert first.splitlines()[-5:] == second.splitlines()[-5:]  # the same logins
