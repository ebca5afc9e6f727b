"""An offer's schedule block as an HSDS 3.0 schedule object (hsds_export.py writes the tables)."""
from __future__ import annotations

from ..model import Offer, ScheduleBlock
from ..site.when import block_text

HSDS_DAYS = {"mo": "MO", "di": "TU", "mi": "WE", "do": "TH", "fr": "FR", "sa": "SA", "so": "SU"}


def hsds_schedule(id: str, service_id: str, block: ScheduleBlock, offer: Offer) -> dict:
    """One block as an HSDS schedule (iCalendar's RRULE in columns). HSDS has no BYMONTH and no
    holidays: the months, the holidays and "by appointment" are in the description, in words.
    The block's own start and end are `dtstart` and `until`; `valid_from`/`valid_to`
    (hsds_export.py) are the offer's, so an import can tell the two apart."""
    out: dict = {"id": id, "service_id": service_id}
    if block.dates:
        out.update(dtstart=block.dates[0].isoformat(), until=block.dates[-1].isoformat(),
                   count=len(block.dates))
    elif block.days:
        out.update(freq="MONTHLY" if block.weeks else "WEEKLY", wkst="MO")
        days = [HSDS_DAYS[d] for d in block.days]
        out["byday"] = ",".join(f"{w}{d}" for w in sorted(block.weeks) for d in days) if block.weeks \
            else ",".join(days)
        if block.every_weeks:
            out["interval"] = block.every_weeks
        if block.start:
            out["dtstart"] = block.start.isoformat()
        if block.count:
            out["count"] = block.count
        elif block.until:
            out["until"] = block.until.isoformat()
    if block.opens:
        out["opens_at"], out["closes_at"] = block.opens, block.closes
    out["description"] = block_text(block)
    if offer.schedule_note:
        out["notes"] = offer.schedule_note
    return out
