from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from kinship import health
from kinship.core import views
from kinship.navigator import api as navigator_api
from kinship.places import views as places_views

handler400 = "kinship.core.views.bad_request"
handler404 = "kinship.core.views.page_not_found"
handler500 = "kinship.core.views.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("api/postcodes/<path:postcode>", places_views.postcode_api, name="postcode-api"),
    path("api/oruk/", include("kinship.directory.oruk.urls")),
    path("api/navigator", navigator_api.navigator, name="navigator-api"),
]

urlpatterns += i18n_patterns(
    path("", include("kinship.finder.urls")),
    path("", include("kinship.councils.urls")),
    path("", include("kinship.navigator.urls")),
    path("", include("kinship.policy.urls")),
    path("", include("kinship.constituencies.urls")),
    path("about-the-data/", views.about_data, name="about-data"),
    path("staying-safe-online/", views.staying_safe_online, name="staying-safe-online"),
    path("staff/", include("kinship.accounts.urls")),
    path("staff/", include("kinship.staff.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
