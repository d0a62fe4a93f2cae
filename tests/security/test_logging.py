import json
import logging

import pytest

from tests.factories import TraineeFactory, registered

pytestmark = pytest.mark.django_db

# Every logger the service or its libraries write to, opened up to DEBUG for the test.
EVERY_LOGGER = (
    "django",
    "django.request",
    "django.db.backends",
    "register_trainees",
    "register_trainees.requests",
    "providers",
    "trainees",
    "allauth",
)


def request_lines(caplog):
    return [
        json.loads(r.getMessage()) for r in caplog.records if r.name == "register_trainees.requests"
    ]


def test_one_structured_line_per_request(hat_client, alder, multi_user, caplog):
    with caplog.at_level(logging.INFO, logger="register_trainees.requests"):
        hat_client.get("/trainees/?q=secret+name&status=draft")
    (line,) = request_lines(caplog)
    assert line["method"] == "GET"
    assert line["path"] == "/trainees/"
    assert line["query_keys"] == ["q", "status"]
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["user_id"] == multi_user.pk
    assert line["provider_id"] == alder.pk


def test_no_trainee_personal_data_in_logs_at_any_level(hat_client, alder, caplog):
    trainee = registered(
        TraineeFactory(
            provider=alder,
            first_names="Zebedee",
            last_name="Quartermaine",
            email="zebedee.quartermaine@example.com",
            trainee_id="PRIV-123",
        )
    )
    private = [
        "Zebedee",
        "Quartermaine",
        "zebedee.quartermaine",
        "PRIV-123",
        trainee.date_of_birth.isoformat(),
        trainee.trn,
    ]
    caplog.set_level(logging.DEBUG)
    loggers = [logging.getLogger(name) for name in EVERY_LOGGER]
    saved = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    try:
        base = trainee.get_absolute_url()
        hat_client.get(f"/trainees/?q={trainee.last_name}")
        hat_client.get(f"/trainees/?q={trainee.trn}")
        hat_client.get(base)
        hat_client.post(base + "contact-details/", {"form_provider": alder.pk, "email": "bad"})
        hat_client.post(
            base + "contact-details/",
            {"form_provider": alder.pk, "email": "zebedee.q2@example.com"},
        )
        b"".join(hat_client.get("/trainees/export/").streaming_content)
        hat_client.get(base + "no-such-page/")
    finally:
        for logger, level in zip(loggers, saved, strict=True):
            logger.setLevel(level)
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert request_lines(caplog), "the requests were logged"
    for value in private:
        assert value not in text, f"{value!r} was logged"
