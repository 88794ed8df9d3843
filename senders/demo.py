"""Demo data of the senders app (called by ``manage.py seed_demo``)."""


def seed(base, brands) -> None:
    """Nothing yet."""
