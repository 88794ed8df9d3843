"""What optouts tells the apps above it (notifications).

``keyword_change_announced`` (kwargs ``keyword``: the ``BlockedKeyword``, ``change``: ``"added"`` |
``"rescheduled"`` | ``"retired"``) is sent after the transaction that announced the change commits: customers
are told at least 14 days before it acts (M5.4).
"""

from django.dispatch import Signal

keyword_change_announced = Signal()
