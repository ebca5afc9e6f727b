"""schedule.js in Chromium against model/schedule.py: the table of rules × moments, every demo offer
at every half hour of a year (both DST switches, the school and public holidays), and the finder's
"jetzt geöffnet", "heute" and "diese Woche" at the issue's moment."""
from __future__ import annotations

import bisect
import datetime as dt
import json
from types import SimpleNamespace

import pytest

from conftest import ROOT, TODAY
from schedule_cases import CASES, block, demo_calendar
from wegweiser.content.directory import load_directory
from wegweiser.site import finder
from wegweiser.model.schedule import (BERLIN, Timetable, day_times, is_open, open_this_week, open_today,
                                      upcoming, wall)
from wegweiser.site.when import calendar_data, finder_blocks

pytestmark = pytest.mark.browser

EPOCH = dt.date(1970, 1, 1)
HALF_HOUR_MS = 30 * 60 * 1000
# A year from the Tuesday, 1 December 2026, 00:00 in Berlin
START = dt.datetime(2026, 12, 1, 0, 0, tzinfo=BERLIN).astimezone(dt.timezone.utc)  # steps in real time
STEPS = 365 * 48


@pytest.fixture(scope="module")
def demo():
    return load_directory(ROOT / "content", dt.date.fromisoformat(TODAY)).directory


@pytest.fixture
def page(browser, demo_url):
    # A device in New York: the answers must still be Berlin's
    context = browser.new_context(timezone_id="America/New_York", locale="de-DE")
    page = context.new_page()
    page.goto(demo_url + "suche/")
    page.wait_for_selector("html[data-finder=ready]", state="attached")
    yield page
    context.close()


def ms(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)


JS_ANSWERS = """([cal, rows]) => {
  const S = WegweiserSchedule.create(cal);
  return rows.map(([o, t]) => {
    const n = S.next(o, t);
    return [S.isOpen(o, t), S.today(o, t), S.thisWeek(o, t),
            n ? [new Date(n.day * 864e5).toISOString().slice(0, 10),
                 String(Math.floor(n.opens / 60)).padStart(2, "0") + ":" + String(n.opens % 60).padStart(2, "0")] : null];
  });
}"""


def test_rules_at_moments_in_chromium(page):
    cal = calendar_data(demo_calendar())
    rows = [[{"sc": finder_blocks(SimpleNamespace(schedule=(block(data),)))}, ms(moment)]
            for _, data, moment, *_ in CASES]
    got = page.evaluate(JS_ANSWERS, [cal, rows])
    want = [[o, t, w, list(n) if n else None] for _, _, _, o, t, w, n in CASES]
    mismatches = [(c[0], g, w) for c, g, w in zip(CASES, got, want) if g != w]
    assert not mismatches


JS_YEAR = """([cal, offers, t0, steps]) => {
  const S = WegweiserSchedule.create(cal), out = {};
  for (const o of offers) {
    const runs = [];
    let prev = null;
    for (let k = 0; k < steps; k++) {
      const t = t0 + k * 1800000, n = S.next(o, t);
      const v = (S.isOpen(o, t) ? "1" : "0") + (S.today(o, t) ? "1" : "0") + (S.thisWeek(o, t) ? "1" : "0")
        + (n ? " " + n.day + " " + n.opens + "-" + n.closes : "");
      if (v !== prev) { runs.push([k, v]); prev = v; }
    }
    out[o.id] = runs;
  }
  return out;
}"""


MOMENTS = [START + dt.timedelta(minutes=30 * k) for k in range(STEPS)]
WALLS = [wall(m) for m in MOMENTS]


def python_year(offer, cal) -> list:
    """The same answers from model/schedule.py, for every half hour (the day lists computed once)."""
    tt = Timetable.of(offer)
    first = WALLS[0][0]
    days = [first + dt.timedelta(days=i) for i in range((WALLS[-1][0] - first).days + 402)]
    times = {d: day_times(tt, d, cal) for d in days}
    busy = [d for d in days if times[d]]
    runs, prev = [], None
    for k, (day, minute) in enumerate(WALLS):
        today = [o for o in times[day] if o.closes > minute]
        later = bisect.bisect_right(busy, day)
        soon = busy[later] if later < len(busy) else None
        nxt = today[0] if today else (times[soon][0] if soon and soon <= day + dt.timedelta(days=400) else None)
        value = ("1" if any(o.opens <= minute < o.closes for o in today) else "0") + ("1" if today else "0") \
            + ("1" if today or (soon and soon <= day + dt.timedelta(days=6 - day.weekday())) else "0") \
            + (f" {(nxt.day - EPOCH).days} {nxt.opens}-{nxt.closes}" if nxt else "")
        if k % 997 == 0:  # the shortcut above must be the evaluator's own answer
            moment = MOMENTS[k]
            n = upcoming(tt, cal, moment)
            assert value == ("1" if is_open(tt, cal, moment) else "0") + ("1" if open_today(tt, cal, moment) else "0") \
                + ("1" if open_this_week(tt, cal, moment) else "0") \
                + (f" {(n[0].day - EPOCH).days} {n[0].opens}-{n[0].closes}" if n else ""), (offer.id, moment)
        if value != prev:
            runs.append([k, value])
            prev = value
    return runs


@pytest.mark.slow
def test_every_demo_offer_agrees_for_a_year(page, demo, demo_site):
    """Python and JavaScript give the same four answers at each of 17,520 half hours, per offer."""
    # the finder's facets, in the order of the published offers (the card texts carry the ids)
    data = json.loads(next((demo_site / "suche").glob("*/facetten.json")).read_text(encoding="utf-8"))
    rows = finder.facet_rows(data)
    assert len(rows) == len(demo.published)
    offers = [dict(row, id=o.id) for o, row in zip(demo.published, rows) if row.get("sc")]
    assert len(offers) > 150
    got = page.evaluate(JS_YEAR, [data["cal"], offers, ms(START), STEPS])
    for row in offers:
        want = python_year(demo.offers[row["id"]], demo.calendar)
        assert got[row["id"]] == want, row["id"]
    # the year really holds what the rules are about: many changes, across both DST switches
    assert sum(len(runs) for runs in got.values()) > 20_000


@pytest.mark.parametrize("flag,check", [("offen", is_open), ("heute", open_today), ("woche", open_this_week)])
def test_finder_filters_follow_the_rules_on_1_december(browser, demo_url, demo, flag, check):
    context = browser.new_context(timezone_id="Asia/Tokyo", locale="de-DE")
    moment = dt.datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN)
    context.clock.set_fixed_time(moment)
    page = context.new_page()
    page.goto(demo_url + f"suche/?{flag}=1")
    page.wait_for_selector("html[data-finder=ready]", state="attached")
    while page.locator("#ww-more").is_visible():
        page.locator("#ww-more").click()
    got = page.eval_on_selector_all("#ww-results .ww-card__title a",
                                    "as => as.map(a => a.getAttribute('href').split('/').slice(-2)[0])")
    want = [o.id for o in demo.published if check(Timetable.of(o), demo.calendar, moment)]
    assert sorted(got) == sorted(want) and 0 < len(want) < len(demo.published)  # (ordered as the finder orders)
    assert "erziehungsberatung-sprechstunde-buer" not in got or flag == "woche"
    count = page.locator(f"[data-count='{flag}']").text_content()
    assert count == f"({len(want)})"
    context.close()


def test_cards_in_the_finder_show_the_next_date(browser, demo_url):
    context = browser.new_context(timezone_id="Europe/Berlin", locale="de-DE")
    context.clock.set_fixed_time(dt.datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN))
    page = context.new_page()
    page.goto(demo_url + "suche/?q=Erziehungsberatung+L%C3%B6wenzahn")
    page.wait_for_selector("html[data-finder=ready]", state="attached")
    card = page.locator(".ww-card", has=page.locator("a[href$='/erziehungsberatung-sprechstunde-buer/']"))
    assert "2. und 4. Dienstag im Monat, 9–11:30 Uhr" in card.text_content()
    assert card.locator(".ww-card__next dd").text_content() == "Di, 08.12., 9–11:30 Uhr"
    context.close()
