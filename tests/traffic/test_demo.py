"""The traffic demo data (seed_demo): every alert kind and state, tokens active and revoked; idempotent."""

from accounts import demo as accounts_demo
from traffic import demo
from traffic.models import Alert, FraudShieldSecret, PlatformToken


def test_demo_seeds_every_alert_kind_and_state_once(db, django_capture_on_commit_callbacks):
    base = accounts_demo.seed()
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(base, {})
        demo.seed(base, {})
    assert set(Alert.objects.values_list("kind", "state")) == {
        ("breach_block", "open"),
        ("breach_alert", "acknowledged"),
        ("fraud_shield", "closed"),
    }
    assert PlatformToken.objects.filter(revoked_at__isnull=True).count() == 2
    assert PlatformToken.objects.filter(revoked_at__isnull=False).count() == 1
    assert FraudShieldSecret.objects.count() == 1
