"""``/policy-tracker/feed/``: an Atom feed with one entry per published
update, newest first."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from kinship.policy.models import Version

ENTRIES = 50


class UpdatesFeed(Feed):
    feed_type = Atom1Feed
    author_name = "Kinship"

    def title(self):
        return _("Kinship care policy tracker: updates")

    def subtitle(self):
        return _("Each change to the charity’s tracker of national kinship care policy.")

    def link(self):
        return reverse("policy:tracker")

    def feed_url(self):
        return reverse("policy:feed")

    def items(self):
        return (
            Version.objects.filter(area__live__isnull=False)
            .select_related("area")
            .order_by("-published_at", "-number")[:ENTRIES]
        )

    def item_title(self, item):
        return f"{item.title}: {item.change_note}"

    def item_description(self, item):
        return _("%(note)s Status: %(status)s.") % {
            "note": item.change_note,
            "status": item.get_status_display(),
        }

    def item_link(self, item):
        return f"{reverse('policy:area', args=[item.area.slug])}#version-{item.number}"

    def item_guid(self, item):
        # Atom ids must be absolute and never change: a tag URI (RFC 4151).
        return f"tag:kinship.org.uk,2023:policy-tracker/{item.area.slug}/{item.number}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at
