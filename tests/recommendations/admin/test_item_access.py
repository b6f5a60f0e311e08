"""A focal point opening another body's item is told why it is closed to them, not that it does not exist."""

import pytest
from django.urls import reverse

from recommendations.models import Item


def _not_tpccs() -> Item:
    return Item.objects.filter(ownerships__isnull=False).exclude(ownerships__body__code="TPCC").first()


@pytest.mark.django_db
def test_another_bodys_item_is_refused_with_the_reason(client, opened, tpcc_focal_point):
    other = _not_tpccs()
    assert other is not None
    client.force_login(tpcc_focal_point)
    response = client.get(reverse("admin:recommendations_item_change", args=[other.pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert other.reference in page
    assert "not a focal point of" in page
    assert "Perhaps it was deleted" not in page


@pytest.mark.django_db
def test_an_item_that_does_not_exist_is_still_said_not_to(client, opened, tpcc_focal_point):
    missing = Item.objects.order_by("-pk").first().pk + 1
    client.force_login(tpcc_focal_point)
    response = client.get(reverse("admin:recommendations_item_change", args=[missing]), follow=True)
    assert "doesn’t exist. Perhaps it was deleted?" in response.content.decode()


@pytest.mark.django_db
def test_the_focal_points_own_item_opens(client, opened, tpcc_focal_point):
    own = Item.objects.filter(ownerships__body__code="TPCC").first()
    client.force_login(tpcc_focal_point)
    assert client.get(reverse("admin:recommendations_item_change", args=[own.pk])).status_code == 200


@pytest.mark.django_db
def test_the_refusal_is_in_chinese_for_chinese_readers(client, opened, tpcc_focal_point):
    other = _not_tpccs()
    client.force_login(tpcc_focal_point)
    response = client.get(
        reverse("admin:recommendations_item_change", args=[other.pk]), headers={"accept-language": "zh-hans"}
    )
    assert response.status_code == 403
    assert "您不是其协调人" in response.content.decode()
