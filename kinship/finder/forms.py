"""Forms of the public finder: the results filters and the report of a
problem with a service's information."""

import hashlib

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from kinship.core.client import client_address
from kinship.directory import queries
from kinship.directory.models import ProblemReport
from kinship.directory.search import DELIVERY_VALUES

DELIVERY_LABELS = {
    "in_person": _("In person"),
    "online": _("Online"),
    "phone": _("By phone"),
}
# Every way of getting help that search knows, in its order.
DELIVERY_CHOICES = [(value, DELIVERY_LABELS[value]) for value in DELIVERY_VALUES]
NEEDS_TAXONOMY = "needs"
INTERESTS_TAXONOMY = "special-interests"


class FilterForm:
    """The results filters, read from the query string, and the one place
    they are checked: ``chosen()`` holds the cleaned values (known term
    slugs of the right taxonomy, a known way of getting help), ``ignored``
    the rest. Not a Django form: a value we do not know is not an error for
    the person searching, just something we ignore and mention."""

    def __init__(self, data):
        self.data = data
        self.needs = queries.terms_in(NEEDS_TAXONOMY)
        self.interests = queries.terms_in(INTERESTS_TAXONOMY)
        self.delivery_choices = DELIVERY_CHOICES
        self.ignored: list[str] = []
        self._chosen = {
            "need": self._pick("need", {t.slug for t in self.needs}),
            "interest": self._pick("interest", {t.slug for t in self.interests}),
        }
        delivery = self._pick("delivery", {value for value, _label in DELIVERY_CHOICES})
        self._chosen["delivery"] = delivery[0] if delivery else None

    def _pick(self, name, known):
        chosen = []
        for value in self.data.getlist(name)[:20]:
            value = value.strip()[:60]
            if not value:
                continue
            if value in known:
                if value not in chosen:
                    chosen.append(value)
            else:
                self.ignored.append(value)
        return chosen

    def chosen(self) -> dict:
        return self._chosen

    def search_arguments(self) -> dict:
        """The cleaned filters as ``directory.search.search`` takes them."""
        return {
            "needs": self._chosen["need"],
            "interests": self._chosen["interest"],
            "delivery": self._chosen["delivery"],
        }

    @property
    def any_chosen(self) -> bool:
        return bool(self._chosen["need"] or self._chosen["interest"] or self._chosen["delivery"])


class ProblemReportForm(forms.ModelForm):
    """What is wrong with a service's information. Nothing personal is
    required; an email is asked for only if the person wants a reply."""

    LIMIT = 5  # reports from one address in an hour
    WINDOW_SECONDS = 60 * 60

    class Meta:
        model = ProblemReport
        fields = ["kind", "details", "reply_email"]
        # The error summary links a group of radios to its first radio.
        widgets = {"kind": forms.RadioSelect(attrs={"summary_anchor": "kind"})}
        error_messages = {
            "kind": {"required": _("Select what is wrong")},
            "details": {
                "required": _("Tell us what is wrong"),
                "max_length": _("Details must be 1,200 characters or fewer"),
            },
            "reply_email": {
                "invalid": _("Enter an email address in the right format, like name@example.com")
            },
        }
        labels = {
            "kind": _("What is wrong?"),
            "details": _("Tell us more"),
            "reply_email": _("Email address (optional)"),
        }
        help_texts = {
            "details": _("Do not include personal details, such as names or addresses."),
            "reply_email": _("Only if you would like us to tell you when we have fixed it."),
        }

    def __init__(self, *args, service, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.service = service
        self.request = request
        self.rate_limited = False
        self.fields["kind"].choices = ProblemReport.Kind.choices

    def _rate_key(self) -> str:
        # Only a one-way hash of the address is kept, and only for an hour.
        address = client_address(self.request)
        digest = hashlib.sha256((settings.SECRET_KEY + address).encode()).hexdigest()
        return f"problem-reports:{digest}"

    def clean(self):
        cleaned = super().clean()
        if cache.get(self._rate_key(), 0) >= self.LIMIT:
            self.rate_limited = True
            raise forms.ValidationError(
                _("You have sent several reports in the last hour. Try again later."),
                code="rate_limited",
            )
        return cleaned

    def save(self, commit=True):
        report = super().save(commit=False)
        report.service = self.service
        if commit:
            report.save()
            key = self._rate_key()
            cache.set(key, cache.get(key, 0) + 1, self.WINDOW_SECONDS)
        return report
