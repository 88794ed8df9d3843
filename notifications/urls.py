"""Pages (and inbound hooks) of the notifications app."""

urlpatterns: list = []
