"""Health listens to the lower apps: a day's figures changed (events) → judge the day (M2.3–M2.4); an alert was
raised (traffic, M3) → record a threshold-breach violation (M4.1)."""

from django.dispatch import receiver

from events.signals import figures_updated
from traffic.signals import alert_raised

from .services import day_judge, violation_from_alert


@receiver(figures_updated, dispatch_uid="health_m23_judge_day")
def judge_day(sender, sub_account_id, day, **kwargs):
    day_judge(sub_account_id=sub_account_id, day=day)


@receiver(alert_raised, dispatch_uid="health_m41_violation_from_alert")
def violation_from_breach(sender, alert, **kwargs):
    violation_from_alert(alert=alert)
