# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every value written to a field of the suite has a sane size, checked in
create and write, before the database sees it: whoever the client (form,
XML-RPC, JSON-RPC, import), a 1 MB name, an integer past PostgreSQL's, a NaN
or a date of the year 85360 gets a clear sentence and changes nothing."""

import datetime
import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .ranges import check_ranges

SUITE_MODULES = frozenset(
    {"support_entitlements", "support_chatroom", "support_reports"}
)

# Characters, unless a model's _support_max_lengths says otherwise.
MAX_LENGTHS = {"char": 256, "text": 10_000, "html": 100_000}
# PostgreSQL's integer column, and record ids
MAX_INTEGER = 2**31 - 1
# amounts, hours and durations of the suite are far below this
MAX_FLOAT = 1e12
FIRST_YEAR, LAST_YEAR = 1970, 2200


class SupportInputLimits(models.AbstractModel):
    """Mixed into each model that holds fields of the suite: its own fields,
    and not those of the model it extends, are checked."""

    _name = "support.input.limits"
    _description = "Sane sizes of the support suite's fields"

    # {field: (low, high)}: the business's range of a number
    _support_ranges = {}
    # {field: characters}: a text's limit, below the default of its type
    _support_max_lengths = {}

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._support_check_input(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._support_check_input(vals)
        return super().write(vals)

    @api.model
    def _support_limits(self, attribute):
        """The ``_support_ranges`` or ``_support_max_lengths`` of every class
        of the model, merged: each addon extending it adds its own."""
        merged = {}
        for cls in reversed(type(self).__mro__):
            merged.update(cls.__dict__.get(attribute, {}))
        return merged

    @api.model
    def _support_check_input(self, vals):
        ranges = self._support_limits("_support_ranges")
        lengths = self._support_limits("_support_max_lengths")
        check_ranges(self, vals, ranges)
        for name, value in vals.items():
            field = self._fields.get(name)
            if (
                field is None
                or value in (False, None)
                or not (field._module in SUITE_MODULES or name in lengths)
            ):
                continue
            error = self._support_input_error(field, value, ranges, lengths)
            if error:
                raise ValidationError(
                    self.env._(
                        "%(field)s: %(error)s",
                        field=field._description_string(self.env),
                        error=error,
                    )
                )

    def _support_input_error(self, field, value, ranges, lengths):
        """The sentence saying why ``value`` does not fit ``field``, or None."""
        if field.type in MAX_LENGTHS:
            return self._support_text_error(field, value, lengths)
        if field.type in ("integer", "many2one", "float", "monetary"):
            return self._support_number_error(field, value, ranges)
        if field.type == "selection" and value not in field.get_values(self.env):
            return self.env._(
                "%(value)s is not one of the choices.", value=str(value)[:40]
            )
        if field.type in ("date", "datetime"):
            return self._support_date_error(field, value)
        return None

    def _support_text_error(self, field, value, lengths):
        limit = lengths.get(field.name, MAX_LENGTHS[field.type])
        if not isinstance(value, str):
            return self.env._("a text is expected.")
        if len(value) > limit:
            return self.env._(
                "at most %(count)s characters, not %(length)s.",
                count=limit,
                length=len(value),
            )
        return None

    def _support_number_error(self, field, value, ranges):
        number = not isinstance(value, bool) and isinstance(value, int | float)
        if field.type in ("integer", "many2one"):
            if not number or not isinstance(value, int):
                # a record id of another form is the ORM's to answer
                return (
                    None
                    if field.type == "many2one"
                    else self.env._("a whole number is expected.")
                )
            if field.name not in ranges and abs(value) > MAX_INTEGER:
                return self.env._("%(value)s is out of range.", value=str(value)[:40])
            return None
        if not number:
            return self.env._("a number is expected.")
        if not math.isfinite(value) or abs(value) > MAX_FLOAT:
            return self.env._("%(value)s is out of range.", value=str(value)[:40])
        return None

    def _support_date_error(self, field, value):
        try:
            parsed = (
                fields.Date.to_date(value)
                if field.type == "date"
                else fields.Datetime.to_datetime(value)
            )
        except (TypeError, ValueError):
            parsed = None
        if not isinstance(parsed, datetime.date):
            return self.env._("%(value)s is not a date.", value=str(value)[:40])
        if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
            return self.env._(
                "a date from %(first)s to %(last)s is expected, not %(value)s.",
                first=FIRST_YEAR,
                last=LAST_YEAR,
                value=str(value)[:40],
            )
        return None
