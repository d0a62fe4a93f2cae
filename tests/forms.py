"""Submit a service form as a user does: open the page, keep its hidden fields (the
provider it was drawn for, the record's version), fill in the answers, send it."""

import html
import re

HIDDEN_INPUT = re.compile(r"<input\b[^>]*>")
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')


def hidden_fields(page_html: str) -> dict[str, str]:
    """Every hidden input of the page's forms but the CSRF token, by name."""
    fields = {}
    for tag in HIDDEN_INPUT.findall(page_html):
        attributes = dict(ATTRIBUTE.findall(tag))
        if attributes.get("type") != "hidden" or "name" not in attributes:
            continue
        if attributes["name"] == "csrfmiddlewaretoken":
            continue
        fields[attributes["name"]] = html.unescape(attributes.get("value", ""))
    return fields


def submit(client, url: str, answers: dict | None = None, *, omit=()):
    """GET ``url``, then POST its hidden fields with ``answers`` (``omit`` drops fields)."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    data = {**hidden_fields(page.content.decode()), **(answers or {})}
    for name in omit:
        data.pop(name, None)
    return client.post(url, data)
