"""What traffic tells the apps above it.

``alert_raised`` (kwargs ``alert``): a traffic alert (an MPH breach, M1.6, or a fraud-shield alert, M3) was
created. Sent inside the creating transaction with ``send``: notifications stores its email and webhook
deliveries there and sends them after commit (``alert.seed_payload()`` is the webhook body).
"""

from django.dispatch import Signal

alert_raised = Signal()
