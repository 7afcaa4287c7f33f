"""Widgets for the Django admin that pass the same accessibility checks
(axe, WCAG 2.2 AA) as every other page.

Django's two-box chooser (``filter_horizontal``) labels an icon with
``aria-label`` on a plain ``span``, and the select2 boxes of
``autocomplete_fields`` have no accessible name; tabular inlines put
inputs under column headings with no label of their own. So the admin
uses none of them: a plain ``select`` for a foreign key, stacked inlines,
and, for many-to-many fields, a list of checkboxes in a fieldset (one
label each; it works without JavaScript). kinship/tests/
test_admin_browser.py checks every admin page with axe.
"""

from django import forms
from django.db import models

CHECKBOXES = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
