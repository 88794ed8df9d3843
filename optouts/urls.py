"""Pages (and inbound hooks) of the optouts app."""

urlpatterns: list = []
