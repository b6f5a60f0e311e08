from knox.models import AuthToken
from rest_framework.test import APIClient


def token_client(user) -> APIClient:
    _, token = AuthToken.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def etag_of(client, item_id) -> str:
    response = client.get(f"/api/v1/items/{item_id}/")
    assert response.status_code == 200, response.content
    return response["ETag"]
