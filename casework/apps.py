from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Work queues"

    def ready(self) -> None:
        from accounts.choices import ANALYST_GROUP, MANAGER_GROUP
        from accounts.roles import extend_role
        from core.hooks import register_decision_guard, register_subject_panel
        from core.policy import register_policies

        from . import policies, receivers  # noqa: F401  (work items follow their subjects' transitions)
        from .services import workitem_guard_decision
        from .views import comments_panel, work_item_panel

        register_decision_guard(workitem_guard_decision)
        register_subject_panel(work_item_panel, slot="top")
        register_subject_panel(comments_panel)
        register_policies(policies)
        extend_role(ANALYST_GROUP, ["casework.view_workitem", "casework.view_slapolicy"])
        extend_role(
            MANAGER_GROUP,
            [
                "casework.view_workitem",
                "casework.view_slapolicy",
                "casework.change_slapolicy",
                "casework.add_slapolicy",
            ],
        )
