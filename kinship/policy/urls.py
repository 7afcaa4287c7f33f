from django.urls import path

from kinship.policy import views
from kinship.policy.feeds import UpdatesFeed

app_name = "policy"

urlpatterns = [
    path("policy-tracker/", views.tracker, name="tracker"),
    path("policy-tracker/updates/", views.updates, name="updates"),
    path("policy-tracker/print/", views.printable, name="print"),
    path("policy-tracker/feed/", UpdatesFeed(), name="feed"),
    path("policy-tracker/<slug:slug>/", views.area, name="area"),
]
