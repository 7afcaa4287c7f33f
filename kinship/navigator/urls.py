from django.urls import path

from kinship.navigator import views

app_name = "navigator"

urlpatterns = [
    path("support-navigator/", views.start, name="start"),
    path("support-navigator/start-again/", views.start_again, name="start-again"),
    path("support-navigator/check-answers/", views.check, name="check"),
    path("support-navigator/results/", views.results, name="results"),
    path("support-navigator/results/print/", views.results_print, name="print"),
    path("support-navigator/<slug:slug>/", views.question, name="question"),
    path("staff/navigator-rules/", views.rules_list, name="rules"),
]
