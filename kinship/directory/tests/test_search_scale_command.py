import io

from django.core.management import call_command

from kinship.directory.management.commands.make_scale_directory import MARKER
from kinship.directory.models import Location, Organization, Service, ServiceAtLocation
from kinship.directory.search import search
from kinship.places.lookup import lookup


def make(*args):
    out = io.StringIO()
    call_command("make_scale_directory", *args, stdout=out)
    return out.getvalue()


def test_makes_and_clears_a_synthetic_directory(geography):
    mine = Organization.objects.create(name_en="Real organisation")
    Service.objects.create(organization=mine, name_en="Real service")

    assert "Made 200 services" in make("--services", "200")

    synthetic = Service.objects.filter(organization__name_en__startswith=MARKER)
    assert synthetic.count() == 200
    assert not synthetic.filter(is_sample=False).exists()
    assert Location.objects.filter(is_sample=True).count() > 200
    assert ServiceAtLocation.objects.filter(location__council__isnull=True).count() == 0
    results = search(lookup("LS1 4AP"))
    assert results.near or results.council or results.national

    assert "Removed 200 synthetic services" in make("--clear")
    assert list(Service.objects.values_list("name_en", flat=True)) == ["Real service"]
    assert not Location.objects.exists()
