"""What health tells the apps above it (notifications puts these in the customer's inbox, mails and posts them).

Both are sent inside the service's transaction (``send``): a listener writing an inbox row commits or rolls back
with the finding; listeners defer email and webhooks with ``transaction.on_commit``.
"""

from django.dispatch import Signal

#: M4.1: a violation was recorded. Kwargs: ``violation``.
violation_recorded = Signal()
#: M2.4: a sub-account's day turned watch or bad (the "at risk" reminder). Kwargs: ``sub_account_id``, ``day``
#: (a date), ``verdict`` ("watch" | "bad").
reminder_raised = Signal()
#: M4.2: a ladder step was applied or reinstated. Kwargs: ``action`` (EnforcementAction), ``reinstated`` (bool).
enforcement_changed = Signal()
