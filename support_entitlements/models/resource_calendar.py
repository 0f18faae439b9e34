# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import bisect
from datetime import datetime, timedelta

from pytz import utc

from odoo import api, models
from odoo.exceptions import ValidationError

from .in_use import check_not_in_use

# How far ahead a deadline is looked for before the calendar is deemed unusable.
_HORIZON = timedelta(days=3 * 366)


def to_timestamp(value):
    """POSIX timestamp of a naive UTC datetime."""
    return utc.localize(value).timestamp()


def tz_place(tz_name):
    """How a time zone reads in a sentence: "Moscow" (time) for
    Europe/Moscow, "UTC" for UTC."""
    return tz_name.rsplit("/", 1)[-1].replace("_", " ")


def from_timestamp(value):
    """Naive UTC datetime of a timestamp, to the second (a day ends at 24:00,
    which the calendar gives as 23:59:59.999999)."""
    return datetime.fromtimestamp(round(value), utc).replace(tzinfo=None)


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_support_in_use(self):
        # SLA deadlines are counted on it: archived, the clauses still count
        check_not_in_use(
            self,
            [
                ("support.sla.clause", "calendar_id"),
                ("support.sla.policy", "calendar_id"),
            ],
        )

    def _check_sla_usable(self):
        """Refuse a calendar an SLA cannot count hours on (its company is
        the policy's or the clause's: their ``check_company``)."""
        for calendar in self:
            if calendar.flexible_hours or not calendar._get_global_attendances():
                raise ValidationError(
                    self.env._(
                        "The calendar %(calendar)s has no working hours, so no SLA "
                        "deadline can be counted on it.",
                        calendar=calendar.name,
                    )
                )

    def _support_work_resumes_at(self, arrival, end_of_day_minutes=0):
        """When work resumes on something arriving at ``arrival`` (naive UTC).

        False during working hours, unless within the last
        ``end_of_day_minutes`` of the working day (nothing new is taken up
        then); otherwise the start of the next working period, or of the
        next working day when within that margin (naive UTC; False if
        nothing is worked in the month after). Tickets and rooms answer
        out of hours with it.
        """
        self.ensure_one()
        arrival = utc.localize(arrival)
        intervals = self._work_intervals_batch(
            arrival - timedelta(days=1), arrival + timedelta(days=31)
        )[False]
        current = next((i for i in intervals if i[0] <= arrival < i[1]), None)
        if current:
            day = current[0].date()
            day_end = max(
                stop for start, stop, _meta in intervals if start.date() == day
            )
            if day_end - arrival > timedelta(minutes=end_of_day_minutes):
                return False
            following = (i[0] for i in intervals if i[0].date() > day)
        else:
            following = (i[0] for i in intervals if i[0] > arrival)
        resume = next(following, None)
        return resume and resume.astimezone(utc).replace(tzinfo=None) or False

    def _sla_timeline(self, start):
        """A timeline of this calendar's working time from ``start`` (UTC)."""
        self.ensure_one()
        return SlaTimeline(self, start)


class SlaTimeline:
    """Working intervals of one calendar, fetched once for many tickets.

    The intervals come from ``resource.calendar._work_intervals_batch`` (time
    zone, attendances and holidays are Odoo's); this only adds them up so that
    thousands of deadlines are planned from one fetch instead of one
    ``plan_hours`` call (two searches and a rebuild of the intervals) each.
    Times are UTC POSIX timestamps.
    """

    def __init__(self, calendar, start):
        self.calendar = calendar
        self.origin = utc.localize(start) - timedelta(days=1)
        self.end = self.origin
        self.starts = []
        self.stops = []
        # cumulative working seconds at the end of each interval
        self.cumulated = []
        self.exhausted = False

    def _extend(self, until):
        if until <= self.end:
            return
        chunk = max(until - self.end, timedelta(days=35))
        stop = min(self.end + chunk, self.origin + _HORIZON)
        if stop <= self.end:
            self.exhausted = True
            return
        intervals = self.calendar._work_intervals_batch(self.end, stop)[False]
        total = self.cumulated[-1] if self.cumulated else 0.0
        for begin, end, _meta in intervals:
            begin, end = begin.timestamp(), end.timestamp()
            if end <= begin:
                continue
            total += end - begin
            self.starts.append(begin)
            self.stops.append(end)
            self.cumulated.append(total)
        self.end = stop

    def _ensure_time(self, ts):
        while not self.exhausted and self.end.timestamp() < ts:
            self._extend(datetime.fromtimestamp(ts, utc) + timedelta(days=1))

    def worked_until(self, ts):
        """Working seconds from the origin to ``ts``."""
        self._ensure_time(ts)
        index = bisect.bisect_right(self.starts, ts) - 1
        if index < 0:
            return 0.0
        done = self.cumulated[index] - (self.stops[index] - self.starts[index])
        return done + min(ts, self.stops[index]) - self.starts[index]

    def moment_at(self, worked):
        """The first moment at which ``worked`` seconds have been worked."""
        while (
            not self.cumulated or self.cumulated[-1] < worked
        ) and not self.exhausted:
            self._extend(self.end + timedelta(days=35))
        index = bisect.bisect_left(self.cumulated, worked)
        if index >= len(self.cumulated):
            return None
        return self.stops[index] - (self.cumulated[index] - worked)

    def plan(self, start, hours, pauses=()):
        """Deadline of ``hours`` working hours from ``start``, skipping pauses.

        ``pauses`` are sorted (begin, end) timestamps, ``end`` None while the
        pause lasts. Returns a timestamp, or None when the deadline is not
        known yet (open pause) or not reachable on this calendar.
        """
        current = start
        remaining = hours * 3600.0
        for begin, end in pauses:
            if end is not None and end <= current:
                continue
            begin = max(begin, current)
            base = self.worked_until(current)
            moment = self.moment_at(base + remaining)
            if moment is None or moment <= begin:
                return moment
            remaining -= self.worked_until(begin) - base
            if end is None:
                return None
            current = end
        return self.moment_at(self.worked_until(current) + remaining)
