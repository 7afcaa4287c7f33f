from django.urls import path

from kinship.directory.oruk import views

urlpatterns = [
    path("", views.root, name="oruk-root"),
    path("openapi.json", views.openapi_document, name="oruk-openapi"),
    path("services", views.services, name="oruk-services"),
    path("services/<str:record_id>", views.service, name="oruk-service"),
    path("service_at_locations", views.service_at_locations, name="oruk-service-at-locations"),
    path(
        "service_at_locations/<str:record_id>",
        views.service_at_location,
        name="oruk-service-at-location",
    ),
    path("taxonomies", views.taxonomies, name="oruk-taxonomies"),
    path("taxonomies/<str:record_id>", views.taxonomy, name="oruk-taxonomy"),
    path("taxonomy_terms", views.taxonomy_terms, name="oruk-taxonomy-terms"),
    path("taxonomy_terms/<str:record_id>", views.taxonomy_term, name="oruk-taxonomy-term"),
]
