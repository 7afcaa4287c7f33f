from django.urls import path

from kinship.staff import views

app_name = "staff"

urlpatterns = [
    path("audit/", views.audit_trail, name="audit-trail"),
    path("subject-access/", views.subject_access, name="subject-access"),
    path("welsh/", views.welsh_to_do, name="welsh-to-do"),
    path("welsh/<str:kind>/<str:pk>/", views.welsh_edit, name="welsh-edit"),
]
