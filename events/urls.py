"""Pages (and inbound hooks) of the events app."""

urlpatterns: list = []
