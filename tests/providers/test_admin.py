import pytest

from tests.factories import ProviderFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def support(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_provider_page_lists_its_members(support):
    provider = ProviderFactory(name="Alder SCITT")
    member = member_of(provider, email="member@example.com")
    html = support.get(f"/admin/providers/provider/{provider.pk}/change/").content.decode()
    assert "Members" in html
    assert member.email in html


def test_user_page_lists_and_edits_their_providers(support):
    alder = ProviderFactory(name="Alder SCITT")
    ProviderFactory(name="Birch University")
    user = member_of(alder)
    url = f"/admin/accounts/user/{user.pk}/change/"
    html = support.get(url).content.decode()
    assert "Providers this user works for" in html
    assert "Alder SCITT" in html
    assert html.count('name="memberships-') > 0


def form_values(html):
    """The values a browser would submit for the first form with method=post."""
    from html.parser import HTMLParser

    class Parser(HTMLParser):
        def __init__(self):
            super().__init__()
            self.values, self.select, self.in_form = [], None, False

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "form" and attrs.get("method") == "post":
                self.in_form = True
            if not self.in_form or "name" not in attrs and tag != "option":
                return
            if tag == "input" and attrs.get("type") not in ("submit", "checkbox", "radio"):
                self.values.append((attrs["name"], attrs.get("value", "")))
            elif tag == "input" and "checked" in attrs:
                self.values.append((attrs["name"], attrs.get("value", "on")))
            elif tag == "select":
                self.select = attrs["name"]
            elif tag == "option" and self.select and "selected" in attrs:
                self.values.append((self.select, attrs.get("value", "")))

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            if tag == "form":
                self.in_form = False

    parser = Parser()
    parser.feed(html)
    return parser.values


def test_support_staff_add_a_membership_on_the_user_page(support):
    alder, birch = ProviderFactory(name="Alder SCITT"), ProviderFactory(name="Birch University")
    user = member_of(alder)
    url = f"/admin/accounts/user/{user.pk}/change/"
    data = dict(form_values(support.get(url).content.decode()))
    total = int(data["memberships-TOTAL_FORMS"])
    data[f"memberships-{total - 1}-provider"] = str(birch.pk)
    response = support.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(user.providers.order_by("name")) == [alder, birch]
