from django.urls import path

from kinship.councils import views

urlpatterns = [
    path("councils/", views.council_list, name="councils"),
    path("councils/check/", views.check, name="council-check"),
    path("councils/<str:code>/", views.council_detail, name="council"),
]
