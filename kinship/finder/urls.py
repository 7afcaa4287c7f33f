from django.urls import path

from kinship.finder import views

urlpatterns = [
    path("", views.home, name="home"),
    path("find/", views.find, name="find"),
    path("find/print/", views.find_print, name="find-print"),
    path("services/<uuid:service_id>/", views.service, name="service"),
    path("services/<uuid:service_id>/report/", views.report_problem, name="report-problem"),
    path(
        "services/<uuid:service_id>/report/sent/",
        views.report_problem_done,
        name="report-problem-done",
    ),
]
