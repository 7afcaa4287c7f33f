from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "kinship.directory"
    label = "directory"
    verbose_name = _("Directory of support")

    def ready(self):
        from kinship.core.caching import register_public_models

        # Saves reach public pages: retire what they cached. Problem reports
        # from the public are never shown to it. Deletes stay one statement
        # for thousands of rows: the functions that delete (services.py, the
        # admin) announce the change themselves.
        register_public_models(
            [model for model in self.get_models() if model.__name__ != "ProblemReport"],
            deletes=False,
        )
        from kinship.core import subject_access as requests
        from kinship.directory import retention, subject_access

        retention.register_rules()
        requests.register(subject_access.find)
        _register_welsh()


def _register_welsh() -> None:
    """What the staff's "Welsh to do" list covers here: the public
    records staff keep, not the sample ones (kinship.core.welsh)."""
    from kinship.accounts.roles import DATA_EDITOR
    from kinship.core import welsh
    from kinship.directory.models import Location, Organization, Phone, Service, TaxonomyTerm

    editors = frozenset({DATA_EDITOR})
    welsh.register(
        welsh.Kind(
            "directory.Service",
            _("Services"),
            ("name", "description", "fees_description", "alert"),
            lambda: Service.objects.public().filter(is_sample=False).order_by("name_en", "pk"),
            editors,
            describe=lambda service: service.name_en,
        )
    )
    welsh.register(
        welsh.Kind(
            "directory.Organization",
            _("Organisations"),
            ("name", "description"),
            lambda: Organization.objects.filter(is_sample=False).order_by("name_en", "pk"),
            editors,
            describe=lambda organisation: organisation.name_en,
        )
    )
    welsh.register(
        welsh.Kind(
            "directory.Phone",
            _("Phone numbers"),
            ("description",),
            lambda: (
                Phone.objects.filter(service__in=Service.objects.public().filter(is_sample=False))
                .exclude(description_en="")
                .select_related("service")
                .order_by("service__name_en", "number", "pk")
            ),
            editors,
            describe=lambda phone: f"{phone.number} ({phone.service.name_en})",
        )
    )
    welsh.register(
        welsh.Kind(
            "directory.Location",
            _("Places"),
            ("name", "accessibility"),
            lambda: Location.objects.filter(is_sample=False).order_by("name_en", "pk"),
            editors,
            describe=lambda place: place.name_en or place.address_1 or place.postcode,
        )
    )
    welsh.register(
        welsh.Kind(
            "directory.TaxonomyTerm",
            _("Types of help"),
            ("name",),
            lambda: TaxonomyTerm.objects.order_by("taxonomy__name", "position", "name_en"),
            editors,
            describe=lambda term: term.name_en,
        )
    )
