"""Behind the front door every request comes from the proxy: the per-IP sign-in limits read
the client's address from the header the proxy sets (CLIENT_IP_HEADER)."""

import pytest

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"
# What gunicorn passes on a request that came over its unix socket from nginx.
OVER_THE_PROXY_SOCKET = {"REMOTE_ADDR": ""}


def sign_in(client, email, password, address):
    return client.post(
        LOGIN_URL,
        {"login": email, "password": password},
        headers={"X-Real-IP": address},
        **OVER_THE_PROXY_SOCKET,
    )


@pytest.fixture
def behind_proxy(settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"


def test_sign_in_works_behind_the_proxy(client, user, password, behind_proxy):
    assert sign_in(client, user.email, password, "203.0.113.7").status_code == 302


def test_each_client_behind_the_proxy_has_its_own_limit(client, behind_proxy):
    failures = [
        sign_in(client, f"nobody{n}@example.com", "wrong-password", "203.0.113.7").status_code
        for n in range(11)
    ]
    assert failures[:10] == [200] * 10
    assert failures[10] == 429  # 10 failed sign-ins a minute from one address
    other = sign_in(client, "someone@example.com", "wrong-password", "198.51.100.4")
    assert other.status_code == 200


def test_without_the_header_setting_the_proxy_socket_has_no_client_address(client, user, password):
    # Why make serve and docker-compose set CLIENT_IP_HEADER: allauth refuses to guess.
    assert sign_in(client, user.email, password, "203.0.113.7").status_code == 403
