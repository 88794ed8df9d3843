"""Demo data of the health app (called by ``manage.py seed_demo``)."""


def seed(base, brands) -> None:
    """Nothing yet."""
