"""The geography of England and Wales: countries, regions, councils,
districts, Westminster constituencies, postcodes and postcode districts.

Codes are the Government Statistical Service (GSS) codes. Records that other
apps point at use small integer keys so that the 2.4 million postcode rows
stay compact; the GSS code is the natural key for people and files.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from translated_fields import TranslatedFieldWithFallback


class Country(models.Model):
    code = models.CharField(_("GSS code"), max_length=9, unique=True)
    # name_en (from the ONS files) and name_cy (its Welsh name, where ONS
    # gives one); ``name`` is the page's language, English where no Welsh.
    name = TranslatedFieldWithFallback(models.CharField(_("name"), max_length=100))

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name_en"]

    def __str__(self):
        return self.name


class Region(models.Model):
    """An English region; Wales is one region of its own (code W92000004)."""

    code = models.CharField(_("GSS code"), max_length=9, unique=True)
    # name_en (from the ONS files) and name_cy (its Welsh name, where ONS
    # gives one); ``name`` is the page's language, English where no Welsh.
    name = TranslatedFieldWithFallback(models.CharField(_("name"), max_length=100))
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="regions")

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name_en"]

    def __str__(self):
        return self.name


class Council(models.Model):
    """A local authority with children's services duties (upper tier)."""

    code = models.CharField(_("GSS code"), max_length=9, unique=True)
    # An authority recoded by ONS keeps its old code here, so a file or link
    # using either code finds the same council.
    former_code = models.CharField(_("former GSS code"), max_length=9, blank=True, db_index=True)
    # name_en (from the ONS files) and name_cy (its Welsh name, where ONS
    # gives one); ``name`` is the page's language, English where no Welsh.
    name = TranslatedFieldWithFallback(models.CharField(_("name"), max_length=100))
    official_name = models.CharField(_("official name"), max_length=200)
    kind = models.CharField(_("type of authority"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="councils")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="councils")
    lat = models.FloatField(_("latitude of centre"), null=True)
    long = models.FloatField(_("longitude of centre"), null=True)

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["name_en"]

    def __str__(self):
        return self.name


class District(models.Model):
    """A lower-tier local authority district (or a unitary's own area)."""

    code = models.CharField(_("GSS code"), max_length=9, unique=True)
    former_code = models.CharField(_("former GSS code"), max_length=9, blank=True, db_index=True)
    # name_en (from the ONS files) and name_cy (its Welsh name, where ONS
    # gives one); ``name`` is the page's language, English where no Welsh.
    name = TranslatedFieldWithFallback(models.CharField(_("name"), max_length=100))
    official_name = models.CharField(_("official name"), max_length=200)
    kind = models.CharField(_("type of authority"), max_length=60)
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="districts")

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name_en"]

    def __str__(self):
        return self.name


class Constituency(models.Model):
    """A Westminster parliamentary constituency (2024 boundaries)."""

    code = models.CharField(_("GSS code"), max_length=9, unique=True)
    # name_en (from the ONS files) and name_cy (its Welsh name, where ONS
    # gives one); ``name`` is the page's language, English where no Welsh.
    name = TranslatedFieldWithFallback(models.CharField(_("name"), max_length=100))
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="constituencies")

    class Meta:
        verbose_name = _("constituency")
        verbose_name_plural = _("constituencies")
        ordering = ["name_en"]

    def __str__(self):
        return self.name


class Postcode(models.Model):
    """One postcode of England and Wales, live or terminated.

    ``postcode`` is the formatted form ("LS1 4AP"): outward code, one space,
    inward code, capitals.
    """

    postcode = models.CharField(_("postcode"), max_length=8, primary_key=True)
    lat = models.FloatField(_("latitude"))
    long = models.FloatField(_("longitude"))
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    constituency = models.ForeignKey(
        Constituency, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # Metres from the constituency's edge when the constituency was assigned
    # by point-in-polygon; null when it came from an official best-fit file.
    boundary_distance_m = models.IntegerField(_("metres from constituency edge"), null=True)
    near_boundary = models.BooleanField(_("on or near a constituency boundary"), default=False)
    # The default data set cannot tell terminated postcodes from new ones
    # (no termination dates), so it can only say "may no longer be in use".
    maybe_terminated = models.BooleanField(_("may no longer be in use"), default=False)
    terminated_on = models.DateField(_("terminated on"), null=True)

    class Meta:
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")

    def __str__(self):
        return self.postcode


class PostcodeDistrict(models.Model):
    """A postcode district (outward code, "LS1") with its centre.

    The district and constituency are the most common among its postcodes;
    ``district_count`` and ``constituency_count`` say how many there are, so
    pages can say when a postcode district spans several areas.
    """

    outcode = models.CharField(_("postcode district"), max_length=4, primary_key=True)
    lat = models.FloatField(_("latitude"))
    long = models.FloatField(_("longitude"))
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    constituency = models.ForeignKey(Constituency, on_delete=models.PROTECT, related_name="+")
    postcode_count = models.PositiveIntegerField(_("number of postcodes"))
    district_count = models.PositiveSmallIntegerField(_("number of councils' districts"))
    constituency_count = models.PositiveSmallIntegerField(_("number of constituencies"))

    class Meta:
        verbose_name = _("postcode district")
        verbose_name_plural = _("postcode districts")

    def __str__(self):
        return self.outcode


class GeographyLoad(models.Model):
    """A record of each run of ``load_geography`` that changed something,
    with the fingerprint of each source so that an unchanged source can be
    skipped."""

    source = models.CharField(_("source"), max_length=50)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    summary = models.TextField(_("summary"))

    class Meta:
        verbose_name = _("geography load")
        verbose_name_plural = _("geography loads")
        ordering = ["-loaded_at"]
        get_latest_by = "loaded_at"

    def __str__(self):
        return f"{self.source} {self.loaded_at:%Y-%m-%d %H:%M}"


class AreaPopulation(models.Model):
    """The population of one area in one year, with its children: ONS
    mid-year estimates, loaded by ``load_population``.

    ``code`` is the area's current GSS code. A unitary authority is both a
    council and a district under one code, so the kind is part of the key.
    """

    class Kind(models.TextChoices):
        COUNCIL = "council", _("council")
        DISTRICT = "district", _("district")
        CONSTITUENCY = "constituency", _("constituency")

    code = models.CharField(_("GSS code"), max_length=9)
    kind = models.CharField(_("kind of area"), max_length=12, choices=Kind.choices)
    all_ages = models.PositiveIntegerField(_("population, all ages"))
    age_0_15 = models.PositiveIntegerField(_("children aged 0 to 15"))
    age_0_17 = models.PositiveIntegerField(_("children aged 0 to 17"))
    year = models.PositiveSmallIntegerField(_("year of the mid-year estimate"))
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        verbose_name = _("area population")
        verbose_name_plural = _("area populations")
        ordering = ["kind", "code", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "kind", "year"], name="places_areapopulation_unique_area_year"
            ),
        ]

    def __str__(self):
        return f"{self.code} ({self.kind}, {self.year})"


class CouncilConstituency(models.Model):
    """How a council and a constituency overlap, measured in postcodes in
    use (neither terminated nor possibly terminated) that lie in both.
    Computed from the postcodes by ``build_overlaps``; a share of postcodes,
    not of people."""

    council = models.ForeignKey(
        Council,
        on_delete=models.CASCADE,
        related_name="constituency_overlaps",
        verbose_name=_("council"),
    )
    constituency = models.ForeignKey(
        Constituency,
        on_delete=models.CASCADE,
        related_name="council_overlaps",
        verbose_name=_("constituency"),
    )
    postcodes = models.PositiveIntegerField(_("postcodes in use in both"))
    share_of_council = models.FloatField(_("share of the council's postcodes"))
    share_of_constituency = models.FloatField(_("share of the constituency's postcodes"))

    class Meta:
        verbose_name = _("council–constituency overlap")
        verbose_name_plural = _("council–constituency overlaps")
        ordering = ["council", "-postcodes"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "constituency"],
                name="places_councilconstituency_unique_pair",
            ),
        ]

    def __str__(self):
        return f"{self.council} / {self.constituency}"


class AreaShape(models.Model):
    """The outline of a council or constituency, ready to draw: an SVG path
    already projected into the one frame of England and Wales that every
    map shares (see ``kinship.places.maps``). Loaded by ``load_boundaries``.

    ``path`` is the ``d`` attribute: each polygon and each hole is a subpath
    closed with ``Z``, coordinates rounded to 0.1 of a map unit. A ``hex``
    is a constituency drawn as one hexagon of an equal-area cartogram, in
    the same frame, under the constituency's code.
    """

    class Kind(models.TextChoices):
        COUNCIL = "council", _("council")
        CONSTITUENCY = "constituency", _("constituency")
        HEX = "hex", _("constituency hexagon")

    code = models.CharField(_("GSS code"), max_length=9)
    kind = models.CharField(_("kind of area"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    path = models.TextField(_("SVG path"))

    class Meta:
        verbose_name = _("area shape")
        verbose_name_plural = _("area shapes")
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "kind"], name="places_areashape_unique_area"),
        ]

    def __str__(self):
        return f"{self.name} ({self.kind})"
