from django.urls import path

from . import views

urlpatterns = [
    path("queues/", views.queue, name="queue"),
    path("queues/<str:view>/", views.queue, name="queue-view"),
    path("work-items/next/", views.take_next, name="work-next"),
    path("work-items/assign/", views.assign, name="work-assign"),
    path("work-items/<int:pk>/claim/", views.claim, name="work-claim"),
    path("work-items/<int:pk>/release/", views.release, name="work-release"),
    path("comments/<str:subject_type>/<int:subject_id>/", views.comment_post, name="comment-post"),
]
