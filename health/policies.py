"""Who may do what with traffic health and enforcement: asked by services, pages, the API and templates."""

from __future__ import annotations

from core.policy import ALLOWED, Decision, customers_only, deny, managers_only, staff_only

from .choices import Step


def health_can_see_overview(user) -> Decision:
    return staff_only(user, "Only compliance staff see the traffic-health overview.")


def health_case_can_close(user) -> Decision:
    return staff_only(user, "Only compliance staff close traffic-health cases.")


def violation_can_record(user) -> Decision:
    return staff_only(user, "Only compliance staff record violations.")


def violation_can_see_proposal(user) -> Decision:
    """The proposed next step is for staff; customers read the step taken."""
    return staff_only(user, "Only compliance staff see proposed enforcement steps.")


def enforcement_can_apply(user, step: int | None = None) -> Decision:
    """M4.2: staff apply the ladder's steps; the account step is a manager's."""
    if not getattr(user, "is_staff_role", False):
        return deny("Only compliance staff apply enforcement steps.")
    if step is not None and int(step) == Step.ACCOUNT:
        return managers_only(user, "Only a compliance manager suspends a customer account.")
    return ALLOWED


def enforcement_can_reinstate(user, action=None) -> Decision:
    return enforcement_can_apply(user, None if action is None else action.step)


def compromise_can_report(user) -> Decision:
    """M4.4: a customer reports a compromise of their own traffic."""
    return customers_only(user, "Only the customer reports a compromise of their traffic.")
