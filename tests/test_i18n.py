"""Each addon's i18n/<addon>.pot holds every translatable string of its code."""

import io
import pathlib

import polib

from odoo.tests import TransactionCase
from odoo.tools.translate import trans_export

ADDONS = ("support_entitlements", "support_chatroom", "support_reports")
REPO = pathlib.Path(__file__).resolve().parent.parent


class TestPotFilesCurrent(TransactionCase):
    def test_pot_files_hold_every_translatable_string(self):
        for addon in ADDONS:
            with self.subTest(addon=addon):
                buffer = io.BytesIO()
                trans_export(None, [addon], buffer, "po", self.env.cr)
                exported = {
                    entry.msgid for entry in polib.pofile(buffer.getvalue().decode())
                }
                pot_path = REPO / addon / "i18n" / f"{addon}.pot"
                self.assertTrue(pot_path.exists(), f"{pot_path} is missing")
                committed = {entry.msgid for entry in polib.pofile(str(pot_path))}
                missing = sorted(exported - committed)
                self.assertFalse(
                    missing,
                    f"{addon}.pot lacks {len(missing)} string(s), run setup/i18n: "
                    f"{missing[:5]}",
                )
