"""The OpenAPI document of our ORUK feed, served at /api/oruk/openapi.json
and advertised as ``openapi_url`` by the feed's root.

It follows the Open Referral UK 3.0 API (the paths, parameters and page
envelope of the standard) and states the limits of ours: the largest
``per_page``, the days and times we accept, ``proximity`` in metres. The
record schemas here are the outline every response keeps to; the full
field-by-field check against the standard's own schemas is in our tests.
"""

ID = {"type": "string", "format": "uuid"}
TEXT = {"type": "string"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _query(name: str, description: str, schema: dict) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _parameters(max_per_page: int) -> dict:
    return {
        "search": _query("search", "Words to find in the name or description.", TEXT),
        "page": _query(
            "page",
            "Page number, from 1; a page past the end is empty.",
            {"type": "integer", "minimum": 1, "maximum": 1_000_000_000},
        ),
        "per_page": _query(
            "per_page",
            f"Results a page (default 50, at most {max_per_page}).",
            {"type": "integer", "minimum": 1, "maximum": max_per_page},
        ),
        "taxonomy_term_id": _query("taxonomy_term_id", "Services with this taxonomy term.", ID),
        "taxonomy_id": _query("taxonomy_id", "Services with any term of this taxonomy.", ID),
        "minimum_age": _query(
            "minimum_age",
            "Services whose youngest age is at least this.",
            {"type": "number", "minimum": 0},
        ),
        "maximum_age": _query(
            "maximum_age",
            "Services whose oldest age is at most this.",
            {"type": "number", "minimum": 0},
        ),
        "day": _query(
            "day",
            "Services with a schedule on this day, as in iCalendar: MO, TU, WE, TH, FR, SA or "
            "SU (a day's English name is also understood).",
            {"type": "string", "enum": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]},
        ),
        "start_time": _query(
            "start_time",
            "Services with a schedule starting at or after this UK time (HH:MM or HH:MM:SS).",
            {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"},
        ),
        "end_time": _query(
            "end_time",
            "Services with a schedule ending at or before this UK time (HH:MM or HH:MM:SS).",
            {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"},
        ),
        "postcode": _query(
            "postcode",
            "A full postcode. Alone: services covering it. With proximity: locations "
            "within that distance of the postcode's centre, nearest first. A postcode we do "
            "not know is a 404; one outside England and Wales gives an empty page.",
            {
                "type": "string",
                "pattern": "^\\s*[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\\s*[0-9][A-Za-z]{2}\\s*$",
            },
        ),
        "proximity": _query(
            "proximity",
            "Distance in metres from the postcode's centre (at most 100000); ignored "
            "without a postcode.",
            {"type": "number", "minimum": 0, "maximum": 100000},
        ),
    }


def _list(summary: str, item: str, parameters: list[str]) -> dict:
    return {
        "get": {
            "summary": summary,
            "operationId": f"list_{item.lower()}",
            "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in parameters],
            "responses": {
                "200": {
                    "description": "A page of results (an empty page past the end).",
                    "content": {
                        "application/json": {
                            "schema": {
                                "allOf": [
                                    _ref("Page"),
                                    {
                                        "type": "object",
                                        "properties": {
                                            "contents": {"type": "array", "items": _ref(item)}
                                        },
                                    },
                                ]
                            }
                        }
                    },
                },
                "400": _error_response("A query parameter is not valid: the answer names it."),
                "404": _error_response("The postcode given is not one we know."),
            },
        }
    }


def _one(summary: str, item: str) -> dict:
    return {
        "get": {
            "summary": summary,
            "operationId": f"get_{item.lower()}",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": ID}],
            "responses": {
                "200": {
                    "description": summary,
                    "content": {"application/json": {"schema": _ref(item)}},
                },
                "404": _error_response("No record has that id."),
            },
        }
    }


def _error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


def _object(required: list[str], properties: dict) -> dict:
    return {"type": "object", "required": required, "properties": properties}


SCHEMAS = {
    "Page": _object(
        [
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ],
        {
            "total_items": {"type": "integer", "minimum": 0},
            "total_pages": {"type": "integer", "minimum": 1},
            "page_number": {"type": "integer", "minimum": 1},
            "size": {"type": "integer", "minimum": 0},
            "first_page": {"type": "boolean"},
            "last_page": {"type": "boolean"},
            "empty": {"type": "boolean"},
            "contents": {"type": "array"},
        },
    ),
    "Error": _object(
        ["status", "message"],
        {"status": {"type": "integer"}, "message": TEXT, "parameter": TEXT},
    ),
    "Organization": _object(
        ["id", "name", "description"],
        {"id": ID, "name": TEXT, "description": TEXT, "email": TEXT, "website": TEXT},
    ),
    "Service": _object(
        ["id", "name", "status"],
        {
            "id": ID,
            "organization_id": ID,
            "name": TEXT,
            "description": TEXT,
            "status": {"enum": ["active", "inactive", "defunct", "temporarily closed"]},
            "last_modified": {"type": "string", "format": "date-time"},
            "organization": _ref("Organization"),
            "schedules": {"type": "array", "items": {"type": "object"}},
            "service_areas": {"type": "array", "items": {"type": "object"}},
            "service_at_locations": {"type": "array", "items": {"type": "object"}},
            "attributes": {"type": "array", "items": {"type": "object"}},
        },
    ),
    "Location": _object(
        ["id", "location_type"],
        {"id": ID, "location_type": {"enum": ["physical", "virtual", "postal"]}},
    ),
    "ServiceAtLocation": _object(
        ["id", "service_id", "location_id"],
        {
            "id": ID,
            "service_id": ID,
            "location_id": ID,
            "service": _ref("Service"),
            "location": _ref("Location"),
        },
    ),
    "Taxonomy": _object(
        ["id", "name", "description"], {"id": ID, "name": TEXT, "description": TEXT}
    ),
    "TaxonomyTerm": _object(
        ["id", "name", "description"],
        {"id": ID, "name": TEXT, "description": TEXT, "taxonomy_id": ID},
    ),
}

SERVICE_FILTERS = [
    "search",
    "page",
    "per_page",
    "taxonomy_term_id",
    "taxonomy_id",
    "minimum_age",
    "maximum_age",
    "start_time",
    "end_time",
    "day",
]


def document(base_url: str, max_per_page: int) -> dict:
    """The OpenAPI 3.0 document for the feed served at ``base_url``."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Kinship care support directory: Open Referral UK 3.0 feed",
            "version": "3.0",
            "description": "Services for kinship carers in England and Wales, in the Open "
            "Referral UK 3.0 shape. Open to all, no key. Records made up for demonstration "
            "carry the 'Sample data' attribute.",
        },
        "servers": [{"url": base_url}],
        "paths": {
            "/": {
                "get": {
                    "summary": "About this feed: ORUK version, profile and this document.",
                    "operationId": "about",
                    "responses": {
                        "200": {
                            "description": "About this feed.",
                            "content": {
                                "application/json": {
                                    "schema": _object(
                                        ["version", "openapi_url"],
                                        {
                                            "version": TEXT,
                                            "profile": {"type": "string", "format": "uri"},
                                            "openapi_url": {"type": "string", "format": "uri"},
                                        },
                                    )
                                }
                            },
                        }
                    },
                }
            },
            "/services": _list("Services", "Service", SERVICE_FILTERS),
            "/services/{id}": _one("One service, with everything about it.", "Service"),
            "/service_at_locations": _list(
                "Services at locations",
                "ServiceAtLocation",
                [*SERVICE_FILTERS, "postcode", "proximity"],
            ),
            "/service_at_locations/{id}": _one("One service at one location.", "ServiceAtLocation"),
            "/taxonomies": _list("Taxonomies", "Taxonomy", ["page", "per_page"]),
            "/taxonomies/{id}": _one("One taxonomy.", "Taxonomy"),
            "/taxonomy_terms": _list(
                "Taxonomy terms", "TaxonomyTerm", ["page", "per_page", "taxonomy_id"]
            ),
            "/taxonomy_terms/{id}": _one("One taxonomy term.", "TaxonomyTerm"),
        },
        "components": {"parameters": _parameters(max_per_page), "schemas": SCHEMAS},
    }
