import datetime
import logging

from django.conf import settings
from django.utils.module_loading import import_string


def configured_formatter():
    config = settings.LOGGING["formatters"]["plain"]
    return import_string(config["class"])(config["format"])


def line_at(moment: datetime.datetime) -> str:
    record = logging.makeLogRecord(
        {
            "name": "register_trainees.requests",
            "levelno": logging.INFO,
            "levelname": "INFO",
            "msg": '{"status":200}',
            "created": moment.timestamp(),
            "msecs": moment.microsecond // 1000,
        }
    )
    return configured_formatter().format(record)


def test_log_times_are_utc_and_do_not_repeat_when_the_clocks_go_back():
    # 01:30 in London happens twice on 25 October 2026: first in BST, then in GMT.
    first = datetime.datetime(2026, 10, 25, 0, 30, 0, 250000, tzinfo=datetime.UTC)
    second = first + datetime.timedelta(hours=1)

    assert (
        line_at(first) == '2026-10-25T00:30:00.250Z INFO register_trainees.requests {"status":200}'
    )
    assert line_at(second).startswith("2026-10-25T01:30:00.250Z ")
