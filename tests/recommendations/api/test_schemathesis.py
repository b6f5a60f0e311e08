"""The live OpenAPI schema against the API itself, with generated valid and invalid input.

No 5xx, every response as the schema says (status, content type, body), invalid input
refused with a 4xx, and no operation open to an anonymous caller but the ones meant to be.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from tracker.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
schema.config.generation.update(max_examples=15)
# Schema-valid input may still be refused for what a schema cannot say: a document that does
# not exist (400), a stale or made-up If-Match (412). Those are answers, not failures.
schema.config.checks.positive_data_acceptance.expected_statuses = ["2xx", "3xx", "400", "401", "403", "404", "409",
                                                                   "412", "428", "429"]  # fmt: skip
# Public on purpose: the secret calendar address is its own key; login takes a password.
PUBLIC = ["/api/v1/calendar/{secret}.ics", "/api/v1/auth/login/"]


@pytest.fixture
def in_process_requests():
    """Keep Django from closing the test's connection after each in-process request.

    The WSGI app is called directly, so request_finished would close the connection the
    test's transaction lives on; Django's own test client disconnects the same hooks.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(opened, coordinator, monkeypatch, in_process_requests):
    from knox.models import AuthToken

    monkeypatch.setattr(UserRateThrottle, "rate", "1000000/minute", raising=False)
    monkeypatch.setattr(AnonRateThrottle, "rate", "1000000/minute", raising=False)
    return AuthToken.objects.create(user=coordinator)[1]


@pytest.mark.django_db
@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_keeps_to_its_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"})


def _fill(path: str, ids: dict) -> str:
    for name, value in ids.items():
        path = path.replace("{" + name + "}", str(value))
    return path


@pytest.mark.django_db
def test_every_operation_in_the_schema_needs_authentication(client, opened, coordinator):
    from notifications.models import Webhook
    from recommendations.models import ImportJob

    item = opened.items.first()
    ids = {
        "id": item.pk,
        "document_pk": opened.pk,
        "number": 1,
        "code": "SC",
        "job_id": ImportJob.objects.create(symbol="S/1", language="zh", data=b"").pk,
        "fmt": "csv",
    }
    webhook = Webhook.objects.create(name="w", url="http://127.0.0.1:9/")
    operations = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    checked = 0
    for path, methods in operations.items():
        if path in PUBLIC:
            continue
        url = _fill(path, {**ids, "id": webhook.pk} if path.startswith("/api/v1/webhooks/") else ids)
        for method in methods:
            response = getattr(client, method)(url)
            assert response.status_code == 401, (method, url, response.status_code)
            checked += 1
    assert checked >= 30
