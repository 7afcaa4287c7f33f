from django.urls import path

from kinship.staff import views

app_name = "staff"

urlpatterns = [
    path("audit/", views.audit_trail, name="audit-trail"),
    path("subject-access/", views.subject_access, name="subject-access"),
]
