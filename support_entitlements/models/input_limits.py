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
    # fields of the extended model checked too (the suite's are always):
    # a relation's nested values are checked by its own model's rules
    _support_host_fields = ()

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
        of the model, merged: each addon extending it adds its own. Merged
        once per registry class (each create and write reads them)."""
        model_class = type(self)
        cache = model_class.__dict__.get("_support_limits_cache")
        if cache is None:
            cache = {}
            model_class._support_limits_cache = cache
        if attribute not in cache:
            merged = {}
            for cls in reversed(model_class.__mro__):
                merged.update(cls.__dict__.get(attribute, {}))
            cache[attribute] = merged
        return cache[attribute]

    @api.model
    def _support_check_input(self, vals):
        ranges = self._support_limits("_support_ranges")
        lengths = self._support_limits("_support_max_lengths")
        host_fields = set(self._support_host_fields) | set(lengths)
        check_ranges(self, vals, ranges)
        for name, value in vals.items():
            field = self._fields.get(name)
            if (
                field is None
                or value in (False, None)
                or not (field._module in SUITE_MODULES or name in host_fields)
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
        if field.type == "many2one":
            return self._support_record_error(value)
        if field.type in ("many2many", "one2many"):
            return self._support_commands_error(value, self.env[field.comodel_name])
        if field.type in ("integer", "float", "monetary"):
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
        if field.type == "integer":
            if not number or not isinstance(value, int):
                return self.env._("a whole number is expected.")
            if field.name not in ranges and abs(value) > MAX_INTEGER:
                return self.env._("%(value)s is out of range.", value=str(value)[:40])
            return None
        if not number:
            return self.env._("a number is expected.")
        if not math.isfinite(value) or abs(value) > MAX_FLOAT:
            return self.env._("%(value)s is out of range.", value=str(value)[:40])
        return None

    def _support_record_error(self, value):
        """A record, or its id: a text or an id the database cannot hold
        would empty the field or fail in the database."""
        if isinstance(value, models.BaseModel) or (
            isinstance(value, int)
            and not isinstance(value, bool)
            and 0 < value <= MAX_INTEGER
        ):
            return None
        return self.env._("%(value)s is not a record.", value=str(value)[:40])

    def _support_commands_error(self, value, comodel):
        """Odoo's list of commands on the records of a relation; the values
        of a record created or updated through it follow its model's rules
        (raised from there)."""
        if isinstance(value, models.BaseModel):
            return None
        if not isinstance(value, list | tuple):
            return self.env._("a list of commands is expected.")
        for command in value:
            if not isinstance(command, list | tuple) or not command:
                return self.env._(
                    "%(value)s is not a command.", value=str(command)[:40]
                )
            code, *args = command
            if code not in (0, 1, 2, 3, 4, 5, 6):
                return self.env._(
                    "%(value)s is not a command.", value=str(command)[:40]
                )
            if (
                code in (0, 1)
                and len(args) == 2
                and isinstance(args[1], dict)
                and hasattr(comodel, "_support_check_input")
            ):
                comodel._support_check_input(args[1])
            ids = []
            if code in (1, 2, 3, 4) and args:
                ids = [args[0]]
            elif code == 6 and len(args) == 2:
                ids = args[1] if isinstance(args[1], list | tuple) else [args[1]]
            for record_id in ids:
                error = self._support_record_error(record_id)
                if error:
                    return error
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
