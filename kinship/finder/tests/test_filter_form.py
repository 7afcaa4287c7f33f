"""The results filters are checked once, by FilterForm: it gives search its
cleaned values and the page the values it set aside."""

from django.http import QueryDict

from kinship.directory.search import DELIVERY_VALUES, search
from kinship.finder.forms import DELIVERY_CHOICES, FilterForm
from kinship.places.lookup import lookup


def test_known_values_are_kept_and_the_rest_set_aside(directory):
    form = FilterForm(
        QueryDict(
            "need=peer-support-group&need=no-such-need&need=peer-support-group"
            "&need=%20&delivery=by-pigeon&interest=%3Cscript%3E"
        )
    )

    assert form.search_arguments() == {
        "needs": ["peer-support-group"],
        "interests": [],
        "delivery": None,
    }
    assert form.ignored == ["no-such-need", "<script>", "by-pigeon"]
    assert form.any_chosen
    # What the form gives, search takes as it is.
    results = search(lookup("LS1 4AP"), **form.search_arguments())
    assert "Sample: Leeds grandparents" in [result.service.name for result in results.near]


def test_a_term_of_another_taxonomy_is_not_a_need(directory):
    form = FilterForm(QueryDict("need=advice-and-information&interest=peer-support-group"))

    assert form.search_arguments()["needs"] == ["advice-and-information"]
    assert form.search_arguments()["interests"] == []
    assert form.ignored == ["peer-support-group"]


def test_the_ways_of_getting_help_are_the_ones_search_knows(db):
    assert [value for value, _label in DELIVERY_CHOICES] == list(DELIVERY_VALUES)
    form = FilterForm(QueryDict("delivery=phone"))
    assert form.search_arguments()["delivery"] == "phone"
    assert form.ignored == []
