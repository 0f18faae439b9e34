# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One hash chain per customer instead of one per company.

The movements posted so far form one chain per company (hash version 1,
without a prefix), whose end the company's ``support_ledger_chain`` row
holds. They stay as they are: history is never rewritten, and the integrity
check verifies version 1 as before. Each customer's own chain (version 2)
starts from the end of that chain: its head is created here for every
customer that has movements (and on first use for the others).
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        INSERT INTO support_ledger_head (company_id, partner_id, last_sequence,
                                         last_hash)
        SELECT DISTINCT m.company_id, m.partner_id, ledger.last_sequence,
               ledger.last_hash
          FROM support_movement m
          JOIN support_ledger_chain ledger ON ledger.company_id = m.company_id
        ON CONFLICT (company_id, partner_id) DO NOTHING
        """
    )
    # One charge per ticket came with this version: a ticket whose time
    # already consumed hour blocks keeps being charged by time, so that no
    # later correction of its time entries gives those minutes back.
    cr.execute(
        """
        UPDATE helpdesk_ticket ticket SET support_time_covered = FALSE
         WHERE support_time_covered
           AND EXISTS (SELECT 1 FROM support_movement m
                        WHERE m.ticket_id = ticket.id AND m.unit = 'minute')
        """
    )
