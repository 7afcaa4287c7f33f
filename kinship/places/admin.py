"""Geography is reference data loaded by `load_geography`: staff can look
it up here but not edit it, so the loaded files stay the one source."""

from django.contrib import admin
from translated_fields import TranslatedFieldAdmin

from kinship.places import models


class ReadOnlyAdmin(TranslatedFieldAdmin, admin.ModelAdmin):
    """Names in both languages are labelled "name [en]" and "name [cy]"."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Country)
class CountryAdmin(ReadOnlyAdmin):
    list_display = ["name_en", "name_cy", "code"]


@admin.register(models.Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["name_en", "name_cy", "code", "country"]


@admin.register(models.Council)
class CouncilAdmin(ReadOnlyAdmin):
    list_display = ["name_en", "name_cy", "code", "former_code", "kind", "region", "country"]
    list_filter = ["country", "region", "kind"]
    search_fields = ["name_en", "name_cy", "code", "former_code", "official_name"]


@admin.register(models.District)
class DistrictAdmin(ReadOnlyAdmin):
    list_display = ["name_en", "name_cy", "code", "former_code", "kind", "council"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_cy", "code", "former_code", "council__name_en"]
    list_select_related = ["council"]


@admin.register(models.Constituency)
class ConstituencyAdmin(ReadOnlyAdmin):
    list_display = ["name_en", "name_cy", "code", "country"]
    list_filter = ["country"]
    search_fields = ["name_en", "name_cy", "code"]


@admin.register(models.Postcode)
class PostcodeAdmin(ReadOnlyAdmin):
    list_display = ["postcode", "district", "constituency", "maybe_terminated", "near_boundary"]
    search_fields = ["=postcode"]
    list_select_related = ["district", "constituency"]
    show_full_result_count = False


@admin.register(models.PostcodeDistrict)
class PostcodeDistrictAdmin(ReadOnlyAdmin):
    list_display = ["outcode", "district", "constituency", "postcode_count"]
    search_fields = ["=outcode"]
    list_select_related = ["district", "constituency"]


@admin.register(models.GeographyLoad)
class GeographyLoadAdmin(ReadOnlyAdmin):
    list_display = ["source", "loaded_at", "fingerprint"]


@admin.register(models.AreaPopulation)
class AreaPopulationAdmin(ReadOnlyAdmin):
    list_display = ["code", "kind", "year", "all_ages", "age_0_15", "age_0_17", "source"]
    list_filter = ["kind", "year"]
    search_fields = ["=code"]


@admin.register(models.CouncilConstituency)
class CouncilConstituencyAdmin(ReadOnlyAdmin):
    list_display = [
        "council",
        "constituency",
        "postcodes",
        "share_of_council",
        "share_of_constituency",
    ]
    search_fields = [
        "council__name_en",
        "council__code",
        "constituency__name_en",
        "constituency__code",
    ]
    list_select_related = ["council", "constituency"]


@admin.register(models.AreaShape)
class AreaShapeAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "kind"]
    list_filter = ["kind"]
    search_fields = ["=code", "name"]
