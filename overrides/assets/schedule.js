/* When an offer takes place, decided on the device: the rules of hooks/wegweiser/model/schedule.py,
 * step by step the same (tests/test_schedule_browser.py compares the two over a whole year).
 *
 * Times are wall-clock times in Europe/Berlin, whatever the device's time zone. Days are counted
 * as whole days since 1970-01-01. The holidays come with the data as dates (built by
 * site/when.py: calendar_data); nothing about holidays is computed here.
 *
 * window.WegweiserSchedule.create(cal) -> { isOpen, today, thisWeek, next, wall, nextText }
 * where every function takes an offer row of the finder's data (sc = its blocks, vf/vu = valid
 * from/until, ps = paused) and a moment in milliseconds since the epoch.
 */
(function () {
  "use strict";

  var DAY_MS = 86400000, HORIZON_DAYS = 400, COUNT_SEARCH_DAYS = 3 * 366;
  var HOLIDAYS_CLOSED = 1, HOLIDAYS_ONLY = 2;
  var WEEKDAY_SHORT = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"];

  function dayNumber(iso) {
    return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
  }

  function ymd(n) {
    var d = new Date(n * DAY_MS);
    return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
  }

  function weekday(n) { return (n + 3) % 7; }  // 0 = Monday; 1 January 1970 was a Thursday

  function daysInMonth(y, m) { return new Date(Date.UTC(y, m, 0)).getUTCDate(); }

  var berlin = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit",
    day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  var HOUR_MS = 3600000, offsets = new Map();

  /* Berlin's offset from UTC in the hour of a moment: asked once per hour, because Intl is slow
   * and the offset only changes on a full UTC hour (01:00 UTC, both switches). */
  function offset(ms) {
    var hour = Math.floor(ms / HOUR_MS), known = offsets.get(hour);
    if (known === undefined) {
      var p = {};
      berlin.formatToParts(new Date(hour * HOUR_MS)).forEach(function (part) { p[part.type] = part.value; });
      known = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)) - hour * HOUR_MS;
      offsets.set(hour, known);
    }
    return known;
  }

  /* The Berlin calendar day and minute of a moment. */
  var lastMs = NaN, lastWall = null;  // the filters ask about the same moment for every offer
  function wall(ms) {
    if (ms !== lastMs) {
      var local = ms + offset(ms);
      lastWall = { day: Math.floor(local / DAY_MS), minute: Math.floor((local % DAY_MS + DAY_MS) % DAY_MS / 60000) };
      lastMs = ms;
    }
    return lastWall;
  }

  function create(cal) {
    var school = (cal && cal.s || []).map(function (r) { return [dayNumber(r[0]), dayNumber(r[1])]; });
    var publicDays = new Set((cal && cal.p || []).map(dayNumber));
    var compiled = new WeakMap();

    function inSchoolHolidays(n) {
      for (var i = 0; i < school.length; i++) if (school[i][0] <= n && n <= school[i][1]) return true;
      return false;
    }

    function compile(o) {
      var tt = compiled.get(o);
      if (tt) return tt;
      tt = {
        days: new Map(), busy: new Map(), first: o.vf ? dayNumber(o.vf) : null, last: o.vu ? dayNumber(o.vu) : null, paused: !!o.ps,
        blocks: (o.sc || []).map(function (b, i) {
          return { i: i, days: b.d || 0, opens: b.o, closes: b.c, weeks: b.w || null, months: b.m || null,
            every: b.ew || 0, from: b.f ? dayNumber(b.f) : null, until: b.u ? dayNumber(b.u) : null,
            dates: b.ds ? new Set(b.ds.map(dayNumber)) : null, count: b.n || 0, holidays: b.h || 0,
            publicOpen: !!b.ph, appointment: !!b.ap, end: undefined };
        })
      };
      compiled.set(o, tt);
      return tt;
    }

    /* Every condition but `count` (model/schedule.py: _base). */
    function base(b, n) {
      if (b.dates) return b.dates.has(n);
      if (!(b.days & (1 << weekday(n)))) return false;
      if ((b.from !== null && n < b.from) || (b.until !== null && n > b.until)) return false;
      var date = ymd(n);
      if (b.months && b.months.indexOf(date.m) < 0) return false;
      if (b.weeks) {
        var nth = Math.floor((date.d - 1) / 7) + 1, last = date.d + 7 > daysInMonth(date.y, date.m);
        if (b.weeks.indexOf(nth) < 0 && !(last && b.weeks.indexOf(-1) >= 0)) return false;
      }
      if (b.every && b.from !== null) {
        var weeks = Math.floor(((n - weekday(n)) - (b.from - weekday(b.from))) / 7);
        if (weeks % b.every) return false;
      }
      if (b.holidays) {
        if (inSchoolHolidays(n) !== (b.holidays === HOLIDAYS_ONLY)) return false;
      }
      if (!b.publicOpen && publicDays.has(n)) return false;
      return true;
    }

    /* The day of the last of a course's `count` sessions (null: fewer within the search span). */
    function countEnd(b) {
      if (b.end === undefined) {
        b.end = null;
        for (var n = b.from, seen = 0, k = 0; k < COUNT_SEARCH_DAYS; k++, n++) {
          if (base(b, n) && ++seen === b.count) { b.end = n; break; }
        }
      }
      return b.end;
    }

    function takesPlace(b, n) {
      if (!base(b, n)) return false;
      if (b.count && b.from !== null && !b.dates) {
        var end = countEnd(b);
        return end === null || n <= end;
      }
      return true;
    }

    /* The (drop-in) times of one day, sorted like Python's tuples: opens, closes, block. Kept per
     * offer and day: the rules do not change while the page is open. */
    function dayTimes(tt, n) {
      var out = tt.days.get(n);
      if (out === undefined) {
        out = computeDay(tt, n);
        tt.days.set(n, out);
      }
      return out;
    }

    function computeDay(tt, n) {
      if (tt.paused || (tt.first !== null && n < tt.first) || (tt.last !== null && n > tt.last)) return [];
      var out = [];
      tt.blocks.forEach(function (b) {
        if (!b.appointment && b.opens !== undefined && takesPlace(b, n)) out.push({ day: n, opens: b.opens, closes: b.closes, block: b.i });
      });
      out.sort(function (a, c) { return (a.opens - c.opens) || (a.closes - c.closes) || (a.block - c.block); });
      return out;
    }

    /* The first day in [from, last] with times (within the horizon). The scan from `from` is kept
     * per offer and goes only as far as asked: "diese Woche" looks at a few days of every offer,
     * the next date of a card further, and neither scans twice. */
    function firstBusy(tt, from, last) {
      var scan = tt.busy.get(from);
      if (scan === undefined) {
        scan = { to: from - 1, hit: Infinity };
        tt.busy.set(from, scan);
      }
      var end = Math.min(last, from + HORIZON_DAYS - 1);
      for (var n = scan.to + 1; scan.hit === Infinity && n <= end; n++) {
        if (dayTimes(tt, n).length) scan.hit = n;
        scan.to = n;
      }
      return scan.hit <= last ? scan.hit : null;
    }

    /* The next time that has not ended (a running one first), up to `untilDay` (default: the horizon). */
    function upcoming(o, ms, untilDay) {
      var tt = compile(o), now = wall(ms);
      var last = untilDay === undefined ? now.day + HORIZON_DAYS : untilDay;
      var times = dayTimes(tt, now.day);
      for (var i = 0; i < times.length; i++) if (times[i].closes > now.minute) return times[i];
      var n = last > now.day ? firstBusy(tt, now.day + 1, last) : null;
      return n === null ? null : dayTimes(tt, n)[0];
    }

    function isOpen(o, ms) {
      var now = wall(ms);
      return dayTimes(compile(o), now.day).some(function (t) { return t.opens <= now.minute && now.minute < t.closes; });
    }

    function today(o, ms) { return upcoming(o, ms, wall(ms).day) !== null; }

    function thisWeek(o, ms) {
      var day = wall(ms).day;
      return upcoming(o, ms, day + 6 - weekday(day)) !== null;
    }

    function hm(m) { return Math.floor(m / 60) + (m % 60 ? ":" + String(m % 60).padStart(2, "0") : ""); }

    /* "Di, 08.12., 9–11:30 Uhr" (or "heute, …"), the next date that has not ended; `words` are the
     * page language's (finder.py finder_text), German without them. */
    function nextText(o, ms, words) {
      var t = upcoming(o, ms);
      if (!t) return "";
      var w = words || {}, d = ymd(t.day), now = wall(ms).day;
      var when = t.day === now ? (w.today || "heute") : t.day === now + 1 ? (w.tomorrow || "morgen") :
        (w.days || WEEKDAY_SHORT)[weekday(t.day)] + ", " + String(d.d).padStart(2, "0") + "." + String(d.m).padStart(2, "0") + ".";
      return when + ", " + (w.time || "{a}–{b} Uhr").replace("{a}", hm(t.opens)).replace("{b}", hm(t.closes));
    }

    return { isOpen: isOpen, today: today, thisWeek: thisWeek, next: function (o, ms) { return upcoming(o, ms); },
      nextText: nextText, wall: wall, inSchoolHolidays: function (ms) { return inSchoolHolidays(wall(ms).day); } };
  }

  window.WegweiserSchedule = { create: create, dayNumber: dayNumber };
}());
