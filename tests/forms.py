"""Submit a service form as a browser does: open the page, send what its form holds (hidden
fields such as the provider it was drawn for and the record's version, and the answers
already filled in), with the answers a test types over them."""

from html.parser import HTMLParser

SIGN_OUT = "/accounts/logout/"


class _FormReader(HTMLParser):
    """The values each POST form on a page would send, in the order of the page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            if attributes.get("method", "get").lower() == "post":
                self._form = {"action": attributes.get("action", ""), "values": {}, "hidden": {}}
                self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attributes.get("name")
        if tag == "input" and name and "disabled" not in attributes:
            kind = attributes.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in attributes:
                    self._add(name, attributes.get("value", "on"), many=kind == "checkbox")
            elif kind not in ("submit", "button"):
                self._add(name, attributes.get("value", ""))
                if kind == "hidden":
                    self._form["hidden"][name] = attributes.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self._add(self._select, attributes.get("value", ""))

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["values"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def _add(self, name, value, many=False):
        values = self._form["values"]
        if many:
            values.setdefault(name, []).append(value)
        else:
            values[name] = value


def page_forms(page_html: str) -> list[dict]:
    reader = _FormReader()
    reader.feed(page_html)
    return [form for form in reader.forms if form["action"] != SIGN_OUT]


def form_values(page_html: str) -> dict:
    """What the page's first POST form (the sign-out button aside) would send."""
    forms = page_forms(page_html)
    assert forms, "the page has no form to submit"
    values = dict(forms[0]["values"])
    values.pop("csrfmiddlewaretoken", None)
    return values


def hidden_fields(page_html: str) -> dict[str, str]:
    """The hidden inputs of the page's first form: what it sends without any answers."""
    forms = page_forms(page_html)
    assert forms, "the page has no form to submit"
    hidden = dict(forms[0]["hidden"])
    hidden.pop("csrfmiddlewaretoken", None)
    return hidden


def submit(client, url: str, answers: dict | None = None, *, omit=()):
    """GET ``url``, then POST what its form holds with ``answers`` typed over it."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    data = {**form_values(page.content.decode()), **(answers or {})}
    for name in omit:
        data.pop(name, None)
    return client.post(url, data)
