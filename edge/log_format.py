"""How the service writes its log lines."""

import logging
import time


class UTCFormatter(logging.Formatter):
    """Times in UTC as ISO 8601 with milliseconds and a Z.

    Django sets the process's time zone to TIME_ZONE (Europe/London), whose clocks go back
    an hour each October: local times would repeat, and would not line up with other
    systems' logs.
    """

    converter = time.gmtime
    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03dZ"
