"""Pages (and inbound hooks) of the senders app."""

urlpatterns: list = []
