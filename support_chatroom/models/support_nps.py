# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class SupportNps(models.Model):
    """The customer is asked once more, when their onboarding ends."""

    _inherit = "support.nps"

    project_id = fields.Many2one(
        "support.project", readonly=True, ondelete="cascade", index="btree_not_null"
    )

    _sql_constraints = [
        ("project_unique", "UNIQUE(project_id)", "One question per onboarding."),
    ]

    @api.model
    def _support_ask_projects(self, projects):
        """Ask each project's customer once, when its onboarding is over: the
        first of their contacts in the room with an e-mail (or the company's
        own address)."""
        claims = []
        for project in projects:
            # sudo: the room's members, which the closer need not read
            members = project.channel_id.sudo().channel_member_ids.partner_id
            contacts = members.filtered(
                lambda partner, project=project: (
                    partner.commercial_partner_id == project.partner_id
                    and partner.email
                )
            ).sorted("id")
            partner = contacts[:1] or project.partner_id.filtered("email")
            if not partner:
                continue
            claims.append(
                (
                    ("project_id",),
                    {
                        "project_id": project.id,
                        # in the customer's language: the mail says it
                        "about": self.with_context(lang=partner.lang).env._(
                            "the onboarding of %(project)s", project=project.name
                        ),
                        "partner_id": partner.id,
                        "company_id": project.company_id.id,
                        "user_id": project.account_manager_id.id or None,
                        "team_id": project.team_id.id or None,
                    },
                )
            )
        return self._support_claim_and_mail(claims)

    def _support_nps_document(self):
        return super()._support_nps_document() or self.project_id
