"""Browsers ask every page for /favicon.ico: it is there, and the admin links its icon."""

import pytest
from django.contrib.staticfiles import finders


def test_favicon_ico_redirects_to_the_icon_that_is_there(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"
    assert finders.find("favicon.svg")


@pytest.mark.django_db
def test_admin_pages_link_the_icon(client, coordinator):
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/admin/login/").content.decode()
    client.force_login(coordinator)
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/admin/").content.decode()
