"""Pages (and inbound hooks) of the geo app."""

urlpatterns: list = []
