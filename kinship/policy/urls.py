from django.contrib.auth.decorators import login_not_required
from django.urls import path

from kinship.policy import staff, views
from kinship.policy.feeds import UpdatesFeed

app_name = "policy"

urlpatterns = [
    path("policy-tracker/", views.tracker, name="tracker"),
    path("policy-tracker/updates/", views.updates, name="updates"),
    path("policy-tracker/print/", views.printable, name="print"),
    path("policy-tracker/feed/", login_not_required(UpdatesFeed()), name="feed"),
    path("policy-tracker/<slug:slug>/", views.area, name="area"),
    path("staff/policy-tracker/", staff.area_list, name="staff-list"),
    path("staff/policy-tracker/<slug:slug>/edit/", staff.edit, name="staff-edit"),
    path("staff/policy-tracker/<slug:slug>/preview/", staff.preview, name="staff-preview"),
    path("staff/policy-tracker/<slug:slug>/publish/", staff.publish_draft, name="staff-publish"),
]
