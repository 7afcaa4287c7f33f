"""Time as the people using the service meet it."""

from zoneinfo import ZoneInfo

# Every date and time a person reads is in UK time, whatever the server's.
UK_TIME = ZoneInfo("Europe/London")
