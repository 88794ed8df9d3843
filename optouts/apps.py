from django.apps import AppConfig


class OptoutsConfig(AppConfig):
    name = "optouts"
    verbose_name = "Opt-outs, DNC lists and keywords"

    def ready(self) -> None:
        from accounts.choices import ANALYST_GROUP, MANAGER_GROUP
        from accounts.roles import extend_role
        from campaigns.prescreen.engine import register_prescreen_check
        from core.hooks import register_nav_link
        from core.policy import register_policies
        from traffic.check import register_step

        from . import policies, receivers  # noqa: F401  (M5.1: listens for inbound opt-out and opt-in words)
        from .checks import STEPS
        from .prescreen import upcoming_keywords_check
        from .views import nav_link_dnc, nav_link_keywords, nav_link_optouts

        for name, order, step in STEPS:
            register_step(name=name, order=order, step=step)
        register_prescreen_check(upcoming_keywords_check)
        register_policies(policies)
        for link in (nav_link_optouts, nav_link_keywords, nav_link_dnc):
            register_nav_link(link)
        view = [
            "optouts.view_optout",
            "optouts.view_dnclist",
            "optouts.view_dncimport",
            "optouts.view_blockedkeyword",
            "optouts.view_keywordexemption",
            "optouts.view_branddomain",
            "optouts.add_branddomain",
            "optouts.view_shortenerdomain",
        ]
        extend_role(ANALYST_GROUP, view)
        extend_role(
            MANAGER_GROUP,
            [
                *view,
                "optouts.add_shortenerdomain",
                "optouts.change_shortenerdomain",
                "optouts.delete_shortenerdomain",
                "optouts.delete_branddomain",
            ],
        )
