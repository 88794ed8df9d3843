"""Pages (and inbound hooks) of the health app."""

urlpatterns: list = []
