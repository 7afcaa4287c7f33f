"""/healthz and /readyz."""


def test_healthz_answers_while_the_process_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_not_ready_before_the_geography_is_loaded(client, db):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "geography": False}


def test_readyz_is_ready_after_the_geography_is_loaded(client, geography):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": True, "geography": True},
    }


def test_head_is_answered_for_load_balancers(client, geography):
    for address in ["/healthz", "/readyz"]:
        response = client.head(address)
        assert response.status_code == 200, address
        assert response.content == b""
        assert response["Content-Type"] == "application/json"


def test_other_methods_are_refused(client, db):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405
