#!/usr/bin/env python3
"""Independent business seconds for tests/test_business_hours.cpp.

Walks each span a minute at a time in UTC and asks Python's zoneinfo for the local time of
each minute: a minute counts when its local date is not a holiday and its local time is in
an open interval of its weekday (every boundary below is a whole minute, so this is exact).
Run: python3 tests/data/business_hours_reference.py
"""
from datetime import datetime, timedelta, timezone, time, date
from zoneinfo import ZoneInfo

WEEKDAYS_9_17 = {d: [(time(9), time(17))] for d in range(5)}
SPLIT_8_17 = {d: [(time(8), time(12)), (time(13), time(17))] for d in range(5)}
SUNDAY_ALL_DAY = {6: [(time(0), None)]}  # None: 24:00
SUNDAY_1_3 = {6: [(time(1), time(3))]}

SCHEDULES = {
    "new_york": ("America/New_York", WEEKDAYS_9_17, {date(2026, 11, 26), date(2026, 12, 25)}),
    "berlin": ("Europe/Berlin", SPLIT_8_17, {date(2026, 12, 25)}),
    "new_york_sunday": ("America/New_York", SUNDAY_ALL_DAY, set()),
    "new_york_sunday_1_3": ("America/New_York", SUNDAY_1_3, set()),
    "berlin_sunday": ("Europe/Berlin", SUNDAY_ALL_DAY, set()),
}

CASES = [
    ("same day", "new_york", "2026-06-03T14:30:00Z", "2026-06-03T19:15:00Z"),
    ("overnight", "new_york", "2026-06-03T20:00:00Z", "2026-06-04T15:00:00Z"),
    ("weekend", "new_york", "2026-06-05T20:00:00Z", "2026-06-08T14:00:00Z"),
    ("holiday", "new_york", "2026-11-25T20:00:00Z", "2026-11-27T15:00:00Z"),
    ("before opening", "new_york", "2026-06-03T10:00:00Z", "2026-06-03T14:00:00Z"),
    ("after closing", "new_york", "2026-06-03T20:00:00Z", "2026-06-03T23:00:00Z"),
    ("closed all along", "new_york", "2026-06-06T12:00:00Z", "2026-06-07T12:00:00Z"),
    ("us dst start", "new_york", "2026-03-06T20:00:00Z", "2026-03-09T14:00:00Z"),
    ("us dst end", "new_york", "2026-10-30T20:00:00Z", "2026-11-02T15:00:00Z"),
    ("us dst start all day", "new_york_sunday", "2026-03-07T12:00:00Z", "2026-03-09T12:00:00Z"),
    ("us dst end all day", "new_york_sunday", "2026-10-31T12:00:00Z", "2026-11-02T12:00:00Z"),
    ("us dst start inside", "new_york_sunday_1_3", "2026-03-08T00:00:00Z", "2026-03-08T12:00:00Z"),
    ("us dst end inside", "new_york_sunday_1_3", "2026-11-01T00:00:00Z", "2026-11-01T12:00:00Z"),
    ("eu dst start", "berlin", "2026-03-27T15:00:00Z", "2026-03-30T09:00:00Z"),
    ("eu dst end", "berlin", "2026-10-23T15:00:00Z", "2026-10-26T10:00:00Z"),
    ("eu dst start all day", "berlin_sunday", "2026-03-28T12:00:00Z", "2026-03-30T12:00:00Z"),
    ("eu dst end all day", "berlin_sunday", "2026-10-24T12:00:00Z", "2026-10-26T12:00:00Z"),
    ("multi week", "berlin", "2026-12-01T10:30:00Z", "2026-12-29T11:45:00Z"),
    ("us dst end in span", "new_york", "2026-10-20T13:07:00Z", "2026-11-30T22:41:00Z"),
]


def is_open(schedule, instant):
    zone, week, holidays = schedule
    local = instant.astimezone(ZoneInfo(zone))
    if local.date() in holidays:
        return False
    for opens, closes in week.get(local.weekday(), []):
        if local.time() >= opens and (closes is None or local.time() < closes):
            return True
    return False


def business_seconds(schedule, start, end):
    at = datetime.fromisoformat(start.replace("Z", "+00:00"))
    stop = datetime.fromisoformat(end.replace("Z", "+00:00"))
    minutes = 0
    while at < stop:
        minutes += is_open(SCHEDULES[schedule], at)
        at += timedelta(minutes=1)
    return minutes * 60


for name, schedule, start, end in CASES:
    print(f"{name}: {schedule} {start} {end} -> {business_seconds(schedule, start, end)}")
