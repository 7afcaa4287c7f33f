"""The directory of support, in the shape of Open Referral UK 3.0.

Organisations run services; a service happens at locations (a place with a
point, or virtual), on schedules, and is reached through contacts and
phones. Taxonomy terms say what need a service meets and which carers a
group is especially for. Every id shown outside is a UUID, as ORUK requires.

Coverage says who a service is for, by place: ``national`` (the countries
in ``countries``), ``council`` (the councils in ``councils``) or ``local``
(people near its locations).

Words people read are held in English and Welsh (``name_en`` and
``name_cy``, and so on; decision 0022): ``name`` answers in the page's
language, falling back to the English. Query, sort and store by the
columns, never by ``name``.
"""

import math
import uuid
from datetime import timedelta

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from django.db.models import F
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from translated_fields import TranslatedFieldWithFallback

from kinship.core.constraints import in_order_when_both_set
from kinship.core.encryption import EncryptedTextField, search_hash
from kinship.core.permissions import by_permission
from kinship.places.models import Council, Country

STALE_AFTER = timedelta(days=365)

# Web addresses people are sent to: http and https only (URLField alone also
# takes ftp and ftps), so no other kind of link reaches a page.
http_url = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address starting with http:// or https://")
)


class FeedSource(models.Model):
    """Another directory whose Open Referral UK feed we import. Records
    imported from it keep it as their ``source``, with their id there as
    ``upstream_id``, so each import finds the same records again."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.SlugField(
        _("name"), max_length=50, unique=True, help_text=_("A short code, like leeds-fis.")
    )
    url = models.CharField(_("feed address or file"), max_length=500, blank=True)
    last_imported = models.DateTimeField(_("last imported"), null=True, blank=True)
    last_report = models.JSONField(_("report of the last import"), default=dict, blank=True)

    class Meta:
        verbose_name = _("feed source")
        verbose_name_plural = _("feed sources")
        ordering = ["name"]

    def __str__(self):
        return self.name


def _sourced():
    """The source and upstream id fields every imported kind of record has,
    and the constraint that keeps one record per upstream id."""
    source = models.ForeignKey(
        FeedSource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported from"),
    )
    upstream_id = models.CharField(_("id in its source"), max_length=100, blank=True)
    return source, upstream_id


def _one_per_upstream_id(name: str):
    return models.UniqueConstraint(
        fields=["source", "upstream_id"],
        condition=models.Q(source__isnull=False),
        name=name,
    )


class Taxonomy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    uri = models.URLField(_("URI"), blank=True, validators=[http_url])
    version = models.CharField(_("version"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class TaxonomyTerm(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    slug = models.SlugField(_("code"), unique=True)
    name = TranslatedFieldWithFallback(models.CharField(_("name"), max_length=200))
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)

    class Meta:
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        ordering = ["taxonomy", "position", "name_en"]

    def __str__(self):
        return self.name


class Organization(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = TranslatedFieldWithFallback(models.CharField(_("name"), max_length=200))
    description = TranslatedFieldWithFallback(models.TextField(_("description"), blank=True))
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True, validators=[http_url])
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Made up for demonstration.")
    )
    source, upstream_id = _sourced()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_en"]
        constraints = [_one_per_upstream_id("organization_one_per_upstream_id")]

    def __str__(self):
        return self.name


class ServiceQuerySet(models.QuerySet):
    """The rules for which services the public may see, and in what order,
    each stated once. Every public list starts here: the finder's sections
    and service pages, the council and constituency figures, the gap
    figures and the Open Referral UK feed."""

    def public(self):
        """Services the public may see: all but inactive and defunct ones
        (staff still see those, in the admin)."""
        return self.filter(public_rule())

    def open_first(self):
        """Temporarily closed services last, then by name."""
        closed_last = models.Case(
            models.When(status=self.model.Status.TEMPORARILY_CLOSED, then=models.Value(1)),
            default=models.Value(0),
            output_field=models.IntegerField(),
        )
        return self.order_by(closed_last, "name_en")

    def useful_first(self, ours=None):
        """Most useful to a kinship carer first: open before temporarily
        closed; then by who the service is for (kinship carers, then parents
        and carers, then everyone, then children and young people); then
        the services of ``ours`` (the charity's own organisation's id), then
        services you can phone, then by name."""
        closed_last = models.Case(
            models.When(status=self.model.Status.TEMPORARILY_CLOSED, then=models.Value(1)),
            default=models.Value(0),
            output_field=models.IntegerField(),
        )
        by_audience = models.Case(
            *(
                models.When(audience=audience, then=models.Value(rank))
                for audience, rank in AUDIENCE_ORDER.items()
            ),
            default=models.Value(len(AUDIENCE_ORDER)),
            output_field=models.IntegerField(),
        )
        ours_first = models.Case(
            models.When(organization_id=ours, then=models.Value(0)),
            default=models.Value(1),
            output_field=models.IntegerField(),
        )
        return self.order_by(closed_last, by_audience, ours_first, "-by_phone", "name_en")

    def covering(self, council):
        """Council-wide services covering ``council`` (a Council or its
        id). The council's own kinship team is one of them if it covers its
        council."""
        linked = self.model.councils.through.objects.filter(council=council)
        return self.filter(coverage=self.model.Coverage.COUNCIL, id__in=linked.values("service_id"))

    def national_for(self, country):
        """National services covering ``country`` (a Country or its GSS
        code)."""
        through = self.model.countries.through.objects
        if isinstance(country, str):
            linked = through.filter(country__code=country)
        else:
            linked = through.filter(country=country)
        return self.filter(
            coverage=self.model.Coverage.NATIONAL, id__in=linked.values("service_id")
        )


class Audience(models.TextChoices):
    """Who a service is mainly for, most useful to a kinship carer first
    (empty, for everyone, comes between parents and children)."""

    KINSHIP_CARERS = "kinship carers", _("Kinship carers")
    PARENTS_AND_CARERS = "parents and carers", _("Parents and carers")
    CHILDREN = "children and young people", _("Children and young people")


# How useful a service for each audience is to a kinship carer: lower first.
AUDIENCE_ORDER = {
    Audience.KINSHIP_CARERS: 0,
    Audience.PARENTS_AND_CARERS: 1,
    "": 2,
    Audience.CHILDREN: 3,
}


def public_rule(through: str = "") -> models.Q:
    """The condition ``ServiceQuerySet.public`` applies, for a query that
    reaches services through a relation (``through`` is its path, such as
    ``"service__"``): joined, rather than a subquery of public services."""
    hidden = (Service.Status.INACTIVE, Service.Status.DEFUNCT)
    return ~models.Q(**{f"{through}status__in": hidden})


class Service(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")
        INACTIVE = "inactive", _("Inactive")
        DEFUNCT = "defunct", _("Defunct")

    class Coverage(models.TextChoices):
        NATIONAL = "national", _("National: whole countries")
        COUNCIL = "council", _("Council areas")
        LOCAL = "local", _("Local: near its locations")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services"
    )
    name = TranslatedFieldWithFallback(models.CharField(_("name"), max_length=200))
    description = TranslatedFieldWithFallback(models.TextField(_("description"), blank=True))
    url = models.URLField(_("web address"), blank=True, validators=[http_url])
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    fees_description = TranslatedFieldWithFallback(
        models.CharField(
            _("cost"), max_length=200, blank=True, help_text=_("Leave empty if it is free.")
        )
    )
    minimum_age = models.PositiveSmallIntegerField(_("youngest age (child)"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("oldest age (child)"), null=True, blank=True)
    alert = TranslatedFieldWithFallback(models.CharField(_("alert"), max_length=500, blank=True))
    coverage = models.CharField(
        _("who it covers"), max_length=10, choices=Coverage.choices, default=Coverage.LOCAL
    )
    countries = models.ManyToManyField(
        Country, blank=True, related_name="+", verbose_name=_("countries covered")
    )
    councils = models.ManyToManyField(
        Council, blank=True, related_name="+", verbose_name=_("council areas covered")
    )
    in_person = models.BooleanField(_("in person"), default=False)
    online = models.BooleanField(_("online"), default=False)
    by_phone = models.BooleanField(_("by phone"), default=False)
    # Kinship arrangements it is for; empty means every arrangement.
    arrangements = models.JSONField(_("kinship arrangements"), default=list, blank=True)
    audience = models.CharField(
        _("mainly for"),
        max_length=30,
        choices=Audience.choices,
        blank=True,
        help_text=_("Who the service is mainly for. Leave empty if it is for everyone."),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    terms = models.ManyToManyField(
        TaxonomyTerm, blank=True, related_name="services", verbose_name=_("taxonomy terms")
    )
    # Which council's own kinship team this is, if it is one.
    council_team_for = models.OneToOneField(
        Council,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kinship_team",
        verbose_name=_("council kinship team for"),
    )
    last_checked = models.DateField(_("last checked"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Made up for demonstration.")
    )
    last_modified = models.DateTimeField(_("last modified"), auto_now=True)
    source, upstream_id = _sourced()
    # Staff's own notes on an imported service: the one thing about it they
    # may edit, since the rest is overwritten by the next import.
    local_notes = models.TextField(_("local notes"), blank=True)
    # A hash of the feed record it was last imported from: the same record
    # next time is known to be unchanged without checking it again.
    import_fingerprint = models.CharField(
        _("import fingerprint"), max_length=64, blank=True, editable=False
    )

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name_en"]
        indexes = [
            # The feed pages through services by id, leaving out those nobody
            # can reach (no web address or email, among other things): this
            # index answers both without reading the table.
            models.Index(fields=["id", "url", "email"], name="service_by_id_reachable"),
            # Search checks each service found near a place for these two
            # columns: the index answers without reading the table.
            models.Index(fields=["id", "coverage", "status"], name="service_coverage_status"),
        ]
        constraints = [
            _one_per_upstream_id("service_one_per_upstream_id"),
            in_order_when_both_set("minimum_age", "maximum_age", "service_ages_in_order"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_stale(self) -> bool:
        """Not checked in the last 12 months (or never)."""
        return self.stale_on(timezone.localdate())

    def stale_on(self, today) -> bool:
        """Not checked in the 12 months before ``today`` (or never)."""
        return self.last_checked is None or today - self.last_checked > STALE_AFTER

    @property
    def keeps_opening_hours(self) -> bool:
        """Whether its schedules are the hours it answers (a phone line
        nobody meets in person), rather than times a group meets."""
        return self.by_phone and not self.in_person


# Locations are indexed by latitude band (a fiftieth of a degree, about 1.4
# miles) and longitude, so a box around a point is read as a few short runs
# of the index, one for each band, rather than one run along every location
# in the box's latitudes across the whole country.
LATITUDE_BANDS_PER_DEGREE = 50


def latitude_band(latitude_field: str = "latitude") -> Cast:
    """The latitude band of a location, as the index has it. The database
    rounds (PostgreSQL) or truncates (SQLite) when it casts; ``bands_between``
    allows for either."""
    return Cast(F(latitude_field) * LATITUDE_BANDS_PER_DEGREE, models.IntegerField())


def bands_between(south: float, north: float) -> list[int]:
    """Every band a location between these latitudes can be in."""
    return list(
        range(
            math.floor(south * LATITUDE_BANDS_PER_DEGREE),
            math.ceil(north * LATITUDE_BANDS_PER_DEGREE) + 1,
        )
    )


class Location(models.Model):
    class Type(models.TextChoices):
        PHYSICAL = "physical", _("A place")
        VIRTUAL = "virtual", _("Online")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="locations", null=True, blank=True
    )
    location_type = models.CharField(
        _("type"), max_length=10, choices=Type.choices, default=Type.PHYSICAL
    )
    name = TranslatedFieldWithFallback(models.CharField(_("name"), max_length=200, blank=True))
    description = models.TextField(_("description"), blank=True)
    address_1 = models.CharField(_("address"), max_length=200, blank=True)
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=8, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accessibility = TranslatedFieldWithFallback(models.TextField(_("access notes"), blank=True))
    is_sample = models.BooleanField(_("sample data"), default=False)
    source, upstream_id = _sourced()

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        indexes = [
            # Holds every column search reads, so it never reads the table.
            models.Index(
                latitude_band(),
                F("longitude"),
                F("latitude"),
                F("id"),
                F("council"),
                F("location_type"),
                name="location_band",
            ),
        ]
        constraints = [_one_per_upstream_id("location_one_per_upstream_id")]

    def __str__(self):
        return self.name_en or self.address_1 or str(self.id)


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="services_here", db_index=False
    )

    class Meta:
        verbose_name = _("service at a location")
        verbose_name_plural = _("services at locations")
        # By location first, for search: finds the services at a location
        # without reading the table.
        indexes = [models.Index(fields=["location", "service"], name="link_by_location")]
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="one_link_per_place")
        ]

    def __str__(self):
        return f"{self.service} at {self.location}"


class Schedule(models.Model):
    """When a service (or a service at one location) happens: ORUK's
    iCalendar-style fields. Weekly (``byday`` "TU") or monthly (``byday``
    "2TU" for the second Tuesday, "-1FR" for the last Friday, or
    ``bymonthday``)."""

    class Frequency(models.TextChoices):
        WEEKLY = "WEEKLY", _("Weekly")
        MONTHLY = "MONTHLY", _("Monthly")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedules",
    )
    freq = models.CharField(_("how often"), max_length=7, choices=Frequency.choices)
    interval = models.PositiveSmallIntegerField(_("every"), default=1)
    byday = models.CharField(_("on days"), max_length=50, blank=True)
    bymonthday = models.CharField(_("on days of the month"), max_length=50, blank=True)
    dtstart = models.DateField(_("first time"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    opens_at = models.TimeField(_("starts at"), null=True, blank=True)
    closes_at = models.TimeField(_("ends at"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    skips_bank_holidays = models.BooleanField(_("not on bank holidays"), default=True)

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")
        constraints = [
            in_order_when_both_set(
                "opens_at", "closes_at", "schedule_opens_before_it_closes", strictly=True
            )
        ]

    def __str__(self):
        return self.description or f"{self.freq} {self.byday or self.bymonthday}"


class Contact(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200, blank=True)
    title = models.CharField(_("role"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return self.name or self.title or str(self.id)


class Phone(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="phones")
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    number = models.CharField(_("number"), max_length=30)
    description = TranslatedFieldWithFallback(
        models.CharField(
            _("description"),
            max_length=200,
            blank=True,
            help_text=_("For example, opening hours."),
        )
    )

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")

    def __str__(self):
        return self.number


# Web pages we send carers to from a checked council team: https only.
https_url = URLValidator(schemes=["https"], message=_("Enter a web address starting with https://"))

# Numbers that cost a caller a lot: never shown as a way to reach a team.
_COSTLY_NUMBERS = {
    phonenumbers.PhoneNumberType.PREMIUM_RATE,
    phonenumbers.PhoneNumberType.PERSONAL_NUMBER,
}


def uk_phone_number(text: str) -> phonenumbers.PhoneNumber:
    """``text`` as a UK phone number a carer can call, or a
    ``ValidationError`` saying what is wrong with it."""
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("Enter the phone number in digits, like 0113 496 0000"), code="unreadable"
        ) from exc
    if not phonenumbers.is_valid_number_for_region(number, "GB"):
        raise ValidationError(
            _(
                "That is not a UK phone number. Check the number of digits and the code "
                "at the start, like 0113 496 0000"
            ),
            code="not_uk",
        )
    if phonenumbers.number_type(number) in _COSTLY_NUMBERS:
        raise ValidationError(
            _(
                "Premium rate and personal numbers (starting 09 or 070) cost callers too "
                "much. Enter the team’s ordinary number"
            ),
            code="costly",
        )
    return number


def validate_uk_phone(value: str) -> None:
    uk_phone_number(value)


def _looks_like_web_address(text: str) -> bool:
    lowered = text.strip().lower()
    return "://" in lowered or lowered.startswith("www.")


class TeamContact(models.Model):
    """A council kinship team's contact details as staff checked them: a
    phone number, an email address and a web page, each with the day it
    was checked and where it was found (a web address or a note such as
    "phoned the council's front desk"). No open data set lists them, so
    nothing here is ever loaded or guessed; written only by
    ``services.record_team_contact``."""

    # (detail, date it was checked, where it was found), in the order shown.
    DETAILS = (
        ("phone", "phone_checked_on", "phone_source"),
        ("email", "email_checked_on", "email_source"),
        ("web_page", "web_page_checked_on", "web_page_source"),
    )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.OneToOneField(
        Service,
        on_delete=models.CASCADE,
        related_name="checked_contact",
        limit_choices_to={"council_team_for__isnull": False},
        verbose_name=_("council kinship team"),
    )
    # Kept as E.164 (+441134960000), for tel: links; shown the usual UK way.
    phone = models.CharField(
        _("phone number"), max_length=30, blank=True, validators=[validate_uk_phone]
    )
    phone_checked_on = models.DateField(
        _("date the phone number was checked"), null=True, blank=True
    )
    phone_source = models.CharField(
        _("where the phone number was found"), max_length=300, blank=True
    )
    email = models.EmailField(_("email address"), blank=True)
    email_checked_on = models.DateField(
        _("date the email address was checked"), null=True, blank=True
    )
    email_source = models.CharField(
        _("where the email address was found"), max_length=300, blank=True
    )
    web_page = models.URLField(_("web page"), max_length=500, blank=True, validators=[https_url])
    web_page_checked_on = models.DateField(
        _("date the web page was checked"), null=True, blank=True
    )
    web_page_source = models.CharField(
        _("where the web page was found"), max_length=300, blank=True
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    last_modified = models.DateTimeField(_("last modified"), auto_now=True)

    class Meta:
        verbose_name = _("checked council team contact")
        verbose_name_plural = _("checked council team contacts")

    def __str__(self):
        return str(self.service)

    def clean(self):
        """Each detail comes with the day it was checked (not in the future)
        and where it was found; a source that is a web address is https;
        and at least one detail is given. The phone number is kept as
        E.164."""
        from django.utils import timezone

        errors: dict[str, list] = {}
        today = timezone.localdate()
        have_any = False
        for detail, checked_on, source in self.DETAILS:
            value = getattr(self, detail)
            when = getattr(self, checked_on)
            where = (getattr(self, source) or "").strip()
            setattr(self, source, where)
            if value:
                have_any = True
                if when is None:
                    errors.setdefault(checked_on, []).append(_MISSING_DATE[detail])
                if not where:
                    errors.setdefault(source, []).append(_MISSING_SOURCE[detail])
            elif when is not None or where:
                errors.setdefault(detail, []).append(_DETAIL_WITHOUT_VALUE[detail])
            if when is not None and when > today:
                errors.setdefault(checked_on, []).append(
                    _("The date it was checked cannot be in the future")
                )
            if where and _looks_like_web_address(where):
                try:
                    https_url(where)
                except ValidationError:
                    errors.setdefault(source, []).append(
                        _(
                            "Enter the source’s web address starting with https://, "
                            "or write a note instead"
                        )
                    )
        if not have_any:
            errors.setdefault("phone", []).append(
                _(
                    "Enter at least one checked detail: a phone number, an email address "
                    "or a web page"
                )
            )
        if self.phone and "phone" not in errors:
            try:
                number = uk_phone_number(self.phone)
            except ValidationError:
                pass  # the field's own validator has said what is wrong
            else:
                self.phone = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if errors:
            raise ValidationError(errors)

    @property
    def phone_for_people(self) -> str:
        """The phone number as people in the UK write it (0113 496 0000)."""
        if not self.phone:
            return ""
        number = phonenumbers.parse(self.phone, "GB")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)

    def last_checked(self):
        """The most recent day any of its details was checked."""
        days = [getattr(self, checked_on) for _d, checked_on, _s in self.DETAILS]
        return max((day for day in days if day), default=None)


_MISSING_DATE = {
    "phone": _("Enter the date you checked the phone number"),
    "email": _("Enter the date you checked the email address"),
    "web_page": _("Enter the date you checked the web page"),
}
_MISSING_SOURCE = {
    "phone": _("Say where you found the phone number: a web address or a note"),
    "email": _("Say where you found the email address: a web address or a note"),
    "web_page": _("Say where you found the web page: a web address or a note"),
}
_DETAIL_WITHOUT_VALUE = {
    "phone": _("Enter the phone number, or clear its date and source"),
    "email": _("Enter the email address, or clear its date and source"),
    "web_page": _("Enter the web page, or clear its date and source"),
}


class ProblemReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ProblemReportQuerySet":
        """Staff whose role keeps the directory see every report; nobody
        else sees any."""
        return by_permission(self, user, "directory.view_problemreport")


class ProblemReport(models.Model):
    """Someone told us a service's information is wrong. Holds no personal
    data unless they chose to leave an email for a reply."""

    class Kind(models.TextChoices):
        CONTACT = "contact", _("The contact details are wrong")
        CLOSED = "closed", _("The service has closed or moved")
        TIMES = "times", _("The times or dates are wrong")
        OTHER = "other", _("Something else")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="problem_reports")
    kind = models.CharField(_("what is wrong"), max_length=10, choices=Kind.choices)
    # Encrypted (kinship/core/encryption.py): what a member of the public
    # wrote, and their email address, with a keyed hash to find every
    # report from one address (subject access, erasure).
    details = EncryptedTextField(_("details"), max_length=1200)
    reply_email = EncryptedTextField(
        _("email for a reply"), blank=True, validators=[validate_email]
    )
    reply_email_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved = models.BooleanField(_("dealt with"), default=False)

    objects = ProblemReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.service}: {self.get_kind_display()}"

    # Keyed hashes of encrypted fields, recomputed on key rotation.
    SEARCH_HASHES = {"reply_email_hash": "reply_email"}

    def save(self, *args, **kwargs):
        self.reply_email_hash = search_hash(self.reply_email)
        if kwargs.get("update_fields") is not None and "reply_email" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "reply_email_hash"}
        super().save(*args, **kwargs)


class RejectedRecord(models.Model):
    """A record the last import of a source turned away, and why. Replaced
    on each import of that source."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source = models.ForeignKey(FeedSource, on_delete=models.CASCADE, related_name="rejected")
    upstream_id = models.CharField(_("id in its source"), max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    reason = models.TextField(_("reason"))
    run_at = models.DateTimeField(_("import run at"))

    class Meta:
        verbose_name = _("rejected record")
        verbose_name_plural = _("rejected records")
        ordering = ["source", "name"]

    def __str__(self):
        return f"{self.source}: {self.name or self.upstream_id}"
