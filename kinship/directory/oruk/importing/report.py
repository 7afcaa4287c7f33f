"""Step 5 of an import, **report**: what was added, changed, skipped and why.

The report is a JSON-ready dict: counts of services created, updated,
unchanged, rejected and marked inactive; each service written with its
completeness (out of ``map.CHECKS``); each rejection with its reason; each
service marked inactive; and notes on what was left out of the services
kept. ``keep`` stores it on the ``FeedSource`` (with the rejections, for
staff to see in the admin) through ``kinship.directory.services``;
``report_lines`` renders it for people, in the command and the admin.
"""

from __future__ import annotations

from kinship.directory import services
from kinship.directory.models import FeedSource
from kinship.directory.oruk.importing.map import CHECKS
from kinship.directory.oruk.importing.write import Written


def build(written: Written, where: str, complete: bool) -> dict:
    """The report of one import."""
    entries = _unchanged(written.source, written.unchanged) if written.unchanged else []
    notes = []
    for mapped, outcome in written.written:
        passed = mapped.completeness()
        entries.append(
            {
                "upstream_id": mapped.upstream_id,
                "name": mapped.name,
                "outcome": outcome,
                "completeness": f"{len(passed)}/{len(CHECKS)}",
                "missing": [check for check in CHECKS if check not in passed],
            }
        )
        notes += [
            {"upstream_id": mapped.upstream_id, "name": mapped.name, "note": note}
            for note in mapped.notes
        ]
    return {
        "source": written.source.name,
        "feed": where,
        "run_at": written.run_at.isoformat(),
        "complete_feed": complete,
        "counts": {
            outcome: sum(1 for s in entries if s["outcome"] == outcome)
            for outcome in ("created", "updated", "unchanged")
        }
        | {"rejected": len(written.rejected), "deactivated": len(written.deactivated)},
        "services": entries,
        "rejected": written.rejected,
        "deactivated": written.deactivated,
        "notes": notes,
    }


def _unchanged(source: FeedSource, unchanged: list[dict]) -> list[dict]:
    """Report entries for the services whose records are exactly as last
    imported: their completeness is as it was last time."""
    last = {item["upstream_id"]: item for item in source.last_report.get("services", [])}
    return [
        {
            "upstream_id": item["upstream_id"],
            "name": item["name"],
            "outcome": "unchanged",
            "completeness": last.get(item["upstream_id"], {}).get("completeness", "?"),
            "missing": last.get(item["upstream_id"], {}).get("missing", []),
        }
        for item in unchanged
    ]


def keep(written: Written, report: dict) -> None:
    """Store the report on its source, and its rejections for staff."""
    services.record_import(written.source, report["feed"], report, written.rejected, written.run_at)


def rejected_lines(rejected: list[dict]) -> list[str]:
    """One line for each rejected record: its name, id and the reason."""
    return [
        f"  {item['name'] or '(no name)'} [{item['upstream_id']}]: {item['reason']}"
        for item in rejected
    ]


def report_lines(report: dict) -> list[str]:
    """The report as lines of text, for the command and the admin."""
    counts = report.get("counts", {})
    lines = [
        f"Feed {report.get('feed')} as source {report.get('source')!r}"
        + (" (dry run: nothing was written)" if report.get("dry_run") else ""),
        f"Created {counts.get('created', 0)}, updated {counts.get('updated', 0)}, "
        f"unchanged {counts.get('unchanged', 0)}, rejected {counts.get('rejected', 0)}, "
        f"marked inactive {counts.get('deactivated', 0)}.",
    ]
    if report.get("services"):
        lines.append("Services (completeness: address, postcode, taxonomy, contact, schedule):")
        for item in report["services"]:
            missing = f" (missing: {', '.join(item['missing'])})" if item["missing"] else ""
            lines.append(
                f"  {item['completeness']}  {item['name']} [{item['upstream_id']}] "
                f"{item['outcome']}{missing}"
            )
    if report.get("rejected"):
        lines.append("Rejected:")
        lines += rejected_lines(report["rejected"])
    if report.get("deactivated"):
        lines.append("Marked inactive (no longer in the feed):")
        lines += [f"  {item['name']} [{item['upstream_id']}]" for item in report["deactivated"]]
    if report.get("notes"):
        lines.append("Notes:")
        lines += [
            f"  {item['name']} [{item['upstream_id']}]: {item['note']}" for item in report["notes"]
        ]
    return lines
