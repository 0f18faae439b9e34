# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sane ranges of the suite's numbers, checked in create and write, before
the database sees them: a clear sentence instead of an overflow, a date
out of range or a NaN further down."""

import math

from odoo.exceptions import ValidationError


def check_ranges(records, vals, ranges):
    """Refuse ``vals`` when one of its ``ranges`` fields {name: (low, high)}
    is not a finite number within its range."""
    env = records.env
    for name, (low, high) in ranges.items():
        # False or None clears the field; a 0 is a number like any other
        if name not in vals or vals[name] is False or vals[name] is None:
            continue
        value = vals[name]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or not low <= value <= high
        ):
            raise ValidationError(
                env._(
                    "%(field)s must be a number from %(low)s to %(high)s, "
                    "not %(value)s.",
                    field=records._fields[name]._description_string(env),
                    low=low,
                    high=high,
                    value=str(value)[:40],
                )
            )
