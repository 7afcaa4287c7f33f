"""Our own ORUK attributes: what we say about a service that ORUK has no
field for, as taxonomy terms with fixed ids, so that our feed says it the
same way every day and our import reads it back.

- "Sample data": a record made up for demonstration. Anyone importing our
  feed must be able to tell it is not real, and our import keeps the flag.
- "Ways to get help": in person, online, by phone (ORUK 3.0 records where a
  service happens, not how people can use it).
"""

import uuid


def _id(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"kinship:oruk:{name}"))


FLAGS_TAXONOMY = {"id": _id("taxonomy:data-flags"), "name": "Kinship directory data flags"}
DELIVERY_TAXONOMY = {"id": _id("taxonomy:ways-to-get-help"), "name": "Ways to get help"}


def _term(key: str, name: str, description: str, taxonomy: dict) -> dict:
    return {
        "id": _id(f"term:{key}"),
        "name": name,
        "description": description,
        "taxonomy": taxonomy["name"],
        "taxonomy_id": taxonomy["id"],
    }


SAMPLE_TERM = _term(
    "sample-data",
    "Sample data",
    "Made up for demonstration: not a real service.",
    FLAGS_TAXONOMY,
)
# Service field: its term.
DELIVERY_TERMS = {
    "in_person": _term("in-person", "In person", "You can go to it.", DELIVERY_TAXONOMY),
    "online": _term("online", "Online", "You can use it online.", DELIVERY_TAXONOMY),
    "by_phone": _term("by-phone", "By phone", "You can phone it.", DELIVERY_TAXONOMY),
}
OUR_TERM_IDS = {SAMPLE_TERM["id"], *(term["id"] for term in DELIVERY_TERMS.values())}
