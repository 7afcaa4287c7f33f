"""``/policy-tracker/feed/``: an Atom feed with one entry per published
update, newest first. ``/cy/policy-tracker/feed/`` is the same feed in
Welsh: each update's title and change note in Welsh, or in English where
they have no Welsh yet (that entry then says ``xml:lang="en"``)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from kinship.core.languages import shown
from kinship.policy.models import Version

ENTRIES = 50


class _Atom(Atom1Feed):
    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("in_english"):
            attributes["xml:lang"] = "en"
        return attributes


class UpdatesFeed(Feed):
    feed_type = _Atom
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
        return f"{shown(item, 'title')}: {shown(item, 'change_note')}"

    def item_description(self, item):
        return _("%(note)s Status: %(status)s.") % {
            "note": shown(item, "change_note"),
            "status": item.get_status_display(),
        }

    def item_extra_kwargs(self, item):
        # An entry whose words are all English, for want of Welsh, says so.
        title, note = shown(item, "title"), shown(item, "change_note")
        return {"in_english": title.english and note.english}

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
