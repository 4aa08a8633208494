import pytest


@pytest.mark.django_db
def test_health_names_database_redis_and_worker_without_sign_in(client):
    response = client.get("/health/")
    body = response.json()
    assert {"database", "redis", "celery_worker"} <= set(body)
    assert body["database"] == "ok"
    assert body["redis"] == "ok"
    assert response.status_code == (200 if body["celery_worker"] == "ok" else 503)


@pytest.mark.django_db
def test_health_answers_503_naming_redis_when_it_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["redis"].startswith("down")
    assert response.json()["database"] == "ok"
