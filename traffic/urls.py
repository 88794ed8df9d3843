"""Pages (and inbound hooks) of the traffic app."""

urlpatterns: list = []
