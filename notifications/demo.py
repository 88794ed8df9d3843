"""Demo data of the notifications app (called by ``manage.py seed_demo``)."""


def seed(base, brands) -> None:
    """Nothing yet."""
