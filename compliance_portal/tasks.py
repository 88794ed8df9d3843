"""Project-level tasks."""

from celery import shared_task


@shared_task(name="compliance_portal.ping")
def ping(payload: str = "ping") -> dict[str, str]:
    """Answer a liveness probe from a worker: proves broker → worker → result backend."""
    return {"reply": "pong", "payload": payload}
