"""The Content Security Policy, built in one place for settings and tests."""

from urllib.parse import urlsplit


def content_security_policy(form_action_origins=()) -> str:
    """No inline script or style, no eval (see edge.middleware.SecurityHeadersMiddleware).

    ``form_action_origins``: other sites a form may lead to. Chromium applies
    ``form-action`` to the redirects after a form is sent too, so signing in and out
    through an identity provider (a POST here, then a redirect there) needs its origin.
    """
    form_action = " ".join(["'self'", *form_action_origins])
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            f"form-action {form_action}",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "object-src 'none'",
        ]
    )


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
