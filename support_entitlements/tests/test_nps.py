# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import html

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import SupportCase


class NpsCase(SupportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.user_id = cls.manager
        cls.Nps = cls.env["support.nps"]

    def _closed_ticket(self, contact=None, user=None):
        ticket = self._ticket(
            self.cat_free, contact=contact, user_id=(user or self.agent).id
        )
        ticket.stage_id = self.stage_done
        return ticket


class TestNps(NpsCase):
    """ "Would you recommend us to a friend?", asked once per closed ticket,
    answered once, 0 to 10; a detractor's answer reaches the team lead."""

    def test_a_closed_ticket_asks_once(self):
        ticket = self._closed_ticket()
        nps = ticket.support_nps_ids
        self.assertEqual(len(nps), 1)
        self.assertEqual(
            (nps.partner_id, nps.commercial_partner_id, nps.user_id, nps.team_id),
            (self.contact, self.customer, self.agent, self.team),
        )
        mail = self.env["mail.mail"].search(
            [("model", "=", "support.nps"), ("res_id", "=", nps.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(self.contact, mail.recipient_ids)
        links = html.fromstring(mail.body_html).xpath("//a/@href")
        self.assertEqual(
            [link.rsplit("=", 1)[1] for link in links], [str(n) for n in range(11)]
        )
        self.assertTrue(
            all(f"/support/nps/{nps.sudo().access_token}?" in link for link in links)
        )
        # reopened and closed again: no second question
        ticket.stage_id = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )
        ticket.stage_id = self.stage_done
        self.assertEqual(ticket.support_nps_ids, nps)

    def test_tickets_closed_together_each_ask_their_customer(self):
        tickets = self._ticket(self.cat_free, user_id=self.agent.id) | self._ticket(
            self.cat_free, contact=self.other_contact, user_id=self.agent.id
        )
        tickets.stage_id = self.stage_done
        mails = self.env["mail.mail"].search(
            [
                ("model", "=", "support.nps"),
                ("res_id", "in", tickets.support_nps_ids.ids),
            ]
        )
        self.assertEqual(
            sorted((mail.res_id, mail.recipient_ids) for mail in mails),
            sorted(
                (ticket.support_nps_ids.id, ticket.partner_id) for ticket in tickets
            ),
        )
        for mail in mails:
            token = self.Nps.browse(mail.res_id).sudo().access_token
            self.assertIn(f"/support/nps/{token}?", mail.body_html)

    def test_a_cancelled_ticket_keeps_the_question_for_its_solution(self):
        ticket = self._ticket(self.cat_free, user_id=self.agent.id)
        ref = self.env.ref
        ticket.stage_id = ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        self.assertFalse(ticket.support_nps_ids)
        ticket.stage_id = ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        ticket.stage_id = self.stage_done
        self.assertEqual(len(ticket.support_nps_ids), 1)

    def test_an_answer_once_and_in_range(self):
        nps = self._closed_ticket().support_nps_ids
        for score in (-1, 11, "abc", None, True, 3.5j, "", "1e3"):
            with self.subTest(score=score), self.assertRaises(UserError):
                nps._support_answer(score)
        with self.assertRaises(UserError):
            nps._support_answer(9, "x" * 2001)
        self.assertFalse(nps.answered_date)
        nps._support_answer("9", "Quick and kind.\x00")
        self.assertEqual(
            (nps.score, nps.answer_group, nps.nps, nps.comment),
            (9, "promoter", 100, "Quick and kind."),
        )
        with self.assertRaises(UserError) as refused:
            nps._support_answer(0)
        self.assertIn("answered already", str(refused.exception))
        self.assertEqual(nps.score, 9)

    def test_a_detractor_reaches_the_team_lead(self):
        ticket = self._closed_ticket()
        ticket.support_nps_ids._support_answer(3, "Too slow.")
        activity = ticket.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.manager)
        self.assertIn("Too slow.", activity.note)
        promoter = self._closed_ticket()
        promoter.support_nps_ids._support_answer(10)
        self.assertFalse(promoter.activity_ids)

    def test_the_score_is_promoters_minus_detractors(self):
        for score in (10, 9, 8, 2):
            self._closed_ticket().support_nps_ids._support_answer(score)
        [(count, nps)] = self.Nps._read_group(
            [("team_id", "=", self.team.id), ("answered_date", "!=", False)],
            [],
            ["__count", "nps:avg"],
        )
        self.assertEqual((count, nps), (4, 25))  # (2 - 1) / 4

    def test_nobody_writes_an_answer_by_hand(self):
        nps = self._closed_ticket().support_nps_ids
        # read-only for the team, and refused before the access rights
        with self.assertRaises(UserError):
            nps.with_user(self.agent).write({"score": 10})
        with self.assertRaises(UserError):
            nps.with_user(self.manager).write({"score": 10})
        with self.assertRaises(UserError):
            self.Nps.with_user(self.manager).create(
                {"ticket_id": nps.ticket_id.id, "partner_id": self.contact.id}
            )
        with self.assertRaises(AccessError):
            nps.with_user(self.portal_user).read(["score"])
        with self.assertRaises(AccessError):
            nps.with_user(self.agent).read(["access_token"])


@tagged("post_install", "-at_install")
class TestNpsPage(HttpCase, NpsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user.password = "ada"
        cls.other_portal_user.password = "otto"

    def _page(self, url, status=200):
        response = self.url_open(url)
        self.assertEqual(response.status_code, status, url)
        return html.fromstring(response.content)

    def _answer(self, url, **data):
        form = self._page(url).xpath("//form[contains(@class, 'o_support_nps_form')]")[
            0
        ]
        csrf = form.xpath(".//input[@name='csrf_token']/@value")[0]
        response = self.url_open(form.get("action"), data=dict(data, csrf_token=csrf))
        self.assertEqual(response.status_code, 200)
        return html.fromstring(response.content)

    def test_the_link_of_the_mail_answers(self):
        nps = self._closed_ticket().support_nps_ids
        url = f"/support/nps/{nps.sudo().access_token}"
        # the score clicked in the mail is chosen already
        page = self._page(f"{url}?score=8")
        (checked,) = page.xpath("//input[@name='score'][@checked]")
        self.assertEqual(checked.get("value"), "8")
        page = self._answer(f"{url}?score=8", score="8", comment="Fine")
        self.assertEqual(
            page.xpath("//*[contains(@class, 'o_support_nps_score')]")[
                0
            ].text_content(),
            "8",
        )
        self.assertEqual((nps.score, nps.comment), (8, "Fine"))
        # a second answer: the page thanks, nothing changes
        page = self._page(url)
        self.assertFalse(page.xpath("//form[contains(@class, 'o_support_nps_form')]"))

    def test_bad_answers_are_told(self):
        nps = self._closed_ticket().support_nps_ids
        url = f"/support/nps/{nps.sudo().access_token}"
        for score in ("11", "-1", "ten", ""):
            with self.subTest(score=score):
                page = self._answer(url, score=score)
                (error,) = page.xpath("//*[contains(@class, 'o_support_error')]")
                self.assertIn("from 0 to 10", error.text_content())
        self.assertFalse(nps.answered_date)

    def test_tokens_are_checked(self):
        nps = self._closed_ticket().support_nps_ids
        token = nps.sudo().access_token
        for bad in ("0" * 32, token.upper(), token[:-1], "not-a-token", "%00"):
            with self.subTest(token=bad):
                self._page(f"/support/nps/{bad}", status=404)
        # another customer's link, opened in their session
        self.authenticate("otto", "otto")
        self._page(f"/support/nps/{token}", status=404)
        # the customer's own, logged in
        self.authenticate("ada", "ada")
        self._page(f"/support/nps/{token}")

    def test_the_customer_answers_in_the_browser(self):
        nps = self._closed_ticket().support_nps_ids
        self.start_tour(
            f"/support/nps/{nps.sudo().access_token}?score=10", "support_nps_answer"
        )
        self.assertEqual((nps.score, nps.comment), (10, "Keep it up"))
