# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import html

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import SupportRoomCase


@tagged("post_install", "-at_install")
class TestKnowledgeBoard(HttpCase, SupportRoomCase):
    """Customers ask on the portal's knowledge board: a question stays
    private to its asker's company until an agent answers and publishes it,
    without the asker's name."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_ann.password = "room-ann"
        cls.portal_olga.password = "room-olga"
        cls.Faq = cls.env["support.faq"]

    def _board(self, login, url="/my/support-faq"):
        self.authenticate(login, login)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return html.fromstring(response.content)

    def _ask(self, login, **data):
        page = self._board(login)
        (form,) = page.xpath("//section[contains(@class, 'o_support_faq_ask')]//form")
        csrf = form.xpath(".//input[@name='csrf_token']/@value")[0]
        response = self.url_open(form.get("action"), data=dict(data, csrf_token=csrf))
        self.assertEqual(response.status_code, 200)
        return html.fromstring(response.content)

    def _texts(self, page, css_class):
        return [
            " ".join(element.text_content().split())
            for element in page.xpath(f"//*[hasclass('{css_class}')]")
        ]

    def test_a_question_is_private_until_answered_and_published(self):
        page = self._ask(
            "room-ann",
            question="  Can   customers pay by bank transfer? ",
            details="Our bank is Acme Bank, account 123.",
        )
        faq = self.Faq.search(
            [("question", "=", "Can customers pay by bank transfer?")]
        )
        self.assertEqual(len(faq), 1)
        self.assertEqual(
            (faq.asked_by_id, faq.is_published, faq.details),
            (self.contact_ann, False, "Our bank is Acme Bank, account 123."),
        )
        # the account manager is told, not on the entry customers will read
        notice = self.env["mail.message"].search(
            [("partner_ids", "in", self.account_manager.partner_id.ids)],
            order="id desc",
            limit=1,
        )
        self.assertIn("Can customers pay by bank transfer?", notice.body)
        self.assertFalse(notice.model)
        # the asker's company sees it waiting; another customer does not
        self.assertEqual(
            self._texts(page, "o_support_own_question"),
            ["Can customers pay by bank transfer? Waiting for an answer"],
        )
        self.assertNotIn(
            "Can customers pay by bank transfer?",
            self._texts(page, "o_support_faq_question"),
        )
        olga_page = self._board("room-olga")
        self.assertFalse(self._texts(olga_page, "o_support_own_question"))
        self.assertNotIn(b"bank transfer", html.tostring(olga_page))
        # published without an answer: refused
        with self.assertRaises(ValidationError):
            faq.with_user(self.agent).is_published = True
        faq.with_user(self.agent).write(
            {
                "question": "Can customers pay by bank transfer?",
                "answer": "<p>Yes: enable the Wire Transfer payment provider.</p>",
                "is_published": True,
            }
        )
        olga_page = self._board("room-olga", "/my/support-faq?search=Wire+Transfer")
        self.assertEqual(
            self._texts(olga_page, "o_support_faq_question"),
            ["Can customers pay by bank transfer?"],
        )
        # anonymous: neither the asker nor the details reach the page
        content = html.tostring(olga_page, encoding="unicode")
        self.assertNotIn("Ann Acme", content)
        self.assertNotIn("Acme Bank", content)
        self.assertFalse(self._texts(self._board("room-ann"), "o_support_own_question"))

    def test_the_form_has_its_fields(self):
        page = self._board("room-ann")
        (form,) = page.xpath("//section[hasclass('o_support_faq_ask')]//form")
        self.assertEqual(
            form.xpath(".//input[@type='text']/@name | .//textarea/@name"),
            ["question", "details"],
        )

    def test_the_rewrite_replaces_the_wording_in_every_language(self):
        self.env.ref("base.lang_fr").active = True
        faq = self.Faq.with_context(lang="fr_FR")._support_ask(
            self.contact_ann, "Ann Acme ici: comment imprimer ?"
        )
        faq.with_user(self.agent).with_context(lang="en_US").write(
            {"question": "How do I print?", "answer": "<p>Ctrl+P.</p>"}
        )
        for lang in ("en_US", "fr_FR"):
            self.assertEqual(
                faq.with_context(lang=lang).question, "How do I print?", lang
            )

    def test_a_flood_of_questions_is_refused(self):
        for number in range(20):
            self.Faq._support_ask(self.contact_ann, f"Question {number}?")
        with self.assertRaises(UserError) as refused:
            self.Faq._support_ask(self.contact_bob, "One more?")
        self.assertIn("20 of your questions are waiting", str(refused.exception))

    def test_bad_input_is_told_and_creates_nothing(self):
        before = self.Faq.sudo().search_count([])
        for question, details, sentence in (
            ("", "", "Write your question."),
            ("\x00 \x00", "", "Write your question."),
            ("x" * 251, "", "under 250 characters"),
            ("Fine?", "y" * 5001, "under 5000 characters"),
        ):
            with self.subTest(question=question[:5], details=details[:5]):
                page = self._ask("room-ann", question=question, details=details)
                self.assertIn(sentence, " ".join(self._texts(page, "o_support_error")))
        self.assertEqual(self.Faq.sudo().search_count([]), before)

    def test_who_asked_stays_with_the_team(self):
        faq = self.Faq._support_ask(self.contact_ann, "Where are my invoices?")
        faq.sudo().write({"answer": "<p>Under Invoices.</p>", "is_published": True})
        as_olga = self.Faq.with_user(self.portal_olga)
        self.assertIn(faq, as_olga.search([]))
        with self.assertRaises(AccessError):
            faq.with_user(self.portal_olga).read(["asked_by_id"])
        with self.assertRaises(AccessError):
            faq.with_user(self.portal_olga).read(["details"])
        with self.assertRaises(AccessError):
            as_olga.create({"question": "Mine?", "answer": "<p>x</p>"})
        # nobody sets the asker by hand, not even an agent
        with self.assertRaises(UserError):
            faq.with_user(self.agent).write({"asked_by_id": self.other_contact.id})
        with self.assertRaises(UserError):
            self.Faq.with_user(self.agent).create(
                {"question": "Q", "asked_by_id": self.contact_ann.id}
            )

    def test_an_unanswered_room_question_becomes_a_draft(self):
        message = self.room.with_user(self.portal_ann).message_post(
            body="Can I import my old orders?",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        defaults = (
            self.Faq.with_user(self.agent)
            .with_context(default_source_message_id=message.id)
            .default_get(["source_message_id", "question", "answer", "is_published"])
        )
        self.assertEqual(defaults["question"], "Can I import my old orders?")
        self.assertFalse(defaults["is_published"])
        draft = self.Faq.with_user(self.agent).create(
            {"question": defaults["question"], "is_published": False}
        )
        self.assertNotIn(draft, self.Faq.with_user(self.portal_ann).search([]))

    def test_the_customer_asks_in_the_browser(self):
        self.start_tour("/my/support-faq", "support_faq_customer_ask", login="room-ann")
        faq = self.Faq.search([("question", "=", "How do I print shipping labels?")])
        self.assertEqual((faq.asked_by_id, faq.is_published), (self.contact_ann, False))
