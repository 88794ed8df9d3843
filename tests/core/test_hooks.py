"""Issue 13: one panel registry for every subject page (core.hooks), brand-only panels included."""

import pytest

from core import hooks


class _Meta:
    def __init__(self, model_name):
        self.model_name = model_name


class _Subject:
    def __init__(self, model_name):
        self._meta = _Meta(model_name)


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(hooks, "_subject_panels", {slot: [] for slot in hooks.PANEL_SLOTS})


def _panel(label, show=True):
    def panel(request, subject):
        return (f"{label}.html", {"subject": subject}) if show else None

    return panel


def test_a_typed_panel_shows_only_on_its_subjects_and_an_untyped_one_everywhere(registry):
    brand_only, everywhere = _panel("vets"), _panel("comments")
    hooks.register_subject_panel(brand_only, slot="main", subject_type="brand")
    hooks.register_subject_panel(everywhere, slot="main")
    brand, campaign = _Subject("brand"), _Subject("campaign")
    assert [t for t, _ in hooks.subject_panels(None, brand, "main")] == ["vets.html", "comments.html"]
    assert [t for t, _ in hooks.subject_panels(None, campaign, "main")] == ["comments.html"]
    assert hooks.subject_panels(None, brand, "top") == []


def test_panels_keep_registration_order_skip_empty_answers_and_register_once(registry):
    first, empty, last = _panel("first"), _panel("empty", show=False), _panel("last")
    for panel in (first, empty, last, first):  # AppConfig.ready may run twice (tests, autoreload)
        hooks.register_subject_panel(panel)
    assert [t for t, _ in hooks.subject_panels(None, _Subject("vet"), "bottom")] == ["first.html", "last.html"]


def test_an_unknown_slot_is_refused_at_registration(registry):
    with pytest.raises(ValueError, match="Unknown panel slot 'side'"):
        hooks.register_subject_panel(_panel("x"), slot="side")


def test_the_apps_register_their_brand_panels_in_the_one_registry():
    from appeals.views import brand_appeal_panel
    from campaigns.views import brand_campaign_panel
    from senders.views import brand_sender_panel
    from vetting.views import brand_vet_panel

    main = hooks._subject_panels["main"]
    assert [(t, p) for t, p in main if t == "brand"] == [
        ("brand", brand_vet_panel),
        ("brand", brand_appeal_panel),
        ("brand", brand_campaign_panel),
        ("brand", brand_sender_panel),
    ]
