"""Staff pages for data editors: the councils whose kinship team has no
checked contact details yet, and the form to record a team's phone number,
email address and web page, each with when and where it was checked.
Thin: read the request, call ``queries`` or ``directory.services``, draw."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kinship.accounts.decorators import roles_required
from kinship.accounts.roles import DATA_EDITOR
from kinship.councils import queries
from kinship.councils.forms import TeamContactForm
from kinship.directory import services as directory_services

data_editors = roles_required(DATA_EDITOR)


@require_safe
@data_editors
def team_contact_list(request):
    without, done = queries.councils_for_contact_checks()
    return render(request, "councils/staff_team_list.html", {"without": without, "done": done})


def _council(code: str):
    council, former = queries.council_by_code(code)
    if council is None or former or council.code != code:
        raise Http404
    return council


@require_http_methods(["GET", "HEAD", "POST"])
@data_editors
def team_contact_edit(request, code):
    council = _council(code)
    saved = queries.team_contact_for_editing(council)
    if request.method != "POST":
        form = TeamContactForm(initial=TeamContactForm.initial_from(saved))
        return render(request, "councils/staff_team_edit.html", {"council": council, "form": form})
    form = TeamContactForm(request.POST)
    if form.is_valid():
        try:
            directory_services.record_team_contact(council, form.cleaned_data, request.user)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(
                request,
                _("Saved. %(council)s’s team card shows the checked details now.")
                % {"council": council.name},
            )
            return redirect("council-team-contacts")
    return render(
        request,
        "councils/staff_team_edit.html",
        {"council": council, "form": form},
        status=400,
    )
