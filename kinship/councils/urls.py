from django.urls import path

from kinship.councils import staff, views

urlpatterns = [
    path("councils/", views.council_list, name="councils"),
    path("councils/check/", views.check, name="council-check"),
    path("councils/gaps/", views.gap_figures, name="council-gaps"),
    path("councils/gaps.csv", views.gap_figures_csv, name="council-gaps-csv"),
    path("councils/<str:code>/", views.council_detail, name="council"),
    path("staff/council-teams/", staff.team_contact_list, name="council-team-contacts"),
    path(
        "staff/council-teams/<str:code>/",
        staff.team_contact_edit,
        name="council-team-contact-edit",
    ),
]
