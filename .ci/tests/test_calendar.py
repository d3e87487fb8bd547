"""The calendar parsed by a real iCalendar parser (icalendar), checked against /v1/deadlines,
and its UIDs checked across two catalog editions. Servers: CAL_A (embedded catalog), CAL_B (a
copy whose edition, verified_on and one window date differ; MOVED names that event)."""

import json
import os
import sys
import unittest
import urllib.request

import icalendar

A = os.environ["CAL_A_ADDR"]
B = os.environ["CAL_B_ADDR"]
MOVED = os.environ["MOVED_ID"]  # <program>/<frame>/<window>/<kind> of the moved event
MOVED_TO = os.environ["MOVED_TO"]  # its new date, YYYY-MM-DD

ACCEPTANCE = "prefecture=13&facility_type=hospital"
WIDE = "from=2025-04-01&to=2027-03-31&prefecture=13&facility_type=hospital"


def fetch(addr, path):
    with urllib.request.urlopen(f"http://{addr}{path}", timeout=30) as r:
        return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()


def deadlines(addr, query):
    status, _, body = fetch(addr, f"/v1/deadlines?{query}")
    assert status == 200
    return json.loads(body)["deadlines"]


def calendar(addr, query):
    status, headers, body = fetch(addr, f"/v1/calendar.ics?{query}")
    assert status == 200
    return headers, body, icalendar.Calendar.from_ical(body)


def events(cal):
    return [c for c in cal.walk("VEVENT")]


class CalendarMatchesDeadlines(unittest.TestCase):
    def check(self, query, at_least):
        headers, raw, cal = calendar(A, query)
        self.assertEqual(headers["content-type"], "text/calendar; charset=utf-8")
        self.assertIn("etag", headers)
        self.assertEqual(headers["cache-control"], "public, max-age=300")
        items = deadlines(A, query)
        evs = events(cal)
        self.assertGreaterEqual(len(items), at_least)
        self.assertEqual(len(evs), len(items), "one event per opening and closing")
        print(f"  {query}: {len(evs)} events = {len(items)} deadlines", file=sys.stderr)
        for item, ev in zip(items, evs):
            self.assertEqual(str(ev["UID"]), item["id"] + "@hojokin.dev")
            self.assertEqual(ev.decoded("DTSTART").isoformat(), item["date"])
            # All-day: DTEND is the next day.
            self.assertEqual((ev.decoded("DTEND") - ev.decoded("DTSTART")).days, 1)
            self.assertTrue(str(ev["SUMMARY"]).startswith(("締切", "受付開始")))
            self.assertIn(item["frame_id"], str(ev["DESCRIPTION"]))
            if item.get("source_url"):
                self.assertIn(item["source_url"], str(ev["DESCRIPTION"]))
        self.assertTrue(str(cal["X-WR-CALNAME"]).startswith("医療DX 補助金 締切"))
        return raw

    def test_acceptance_query(self):
        # Today's year ahead (may hold few events; the count must still match).
        self.check(ACCEPTANCE, 0)

    def test_wide_range(self):
        raw = self.check(WIDE, 10)
        # Folding: every physical line is at most 75 octets and whole UTF-8 on its own.
        lines = raw.split(b"\r\n")
        self.assertEqual(lines[-1], b"")
        folded = 0
        for line in lines[:-1]:
            self.assertLessEqual(len(line), 75)
            line.decode("utf-8")  # raises when a character was split
            folded += line.startswith(b" ")
        self.assertGreater(folded, 0, "long Japanese lines were folded")

    def test_english(self):
        _, _, cal = calendar(A, WIDE + "&lang=en")
        summaries = [str(e["SUMMARY"]) for e in events(cal)]
        self.assertTrue(all(s.startswith(("Deadline", "Opens")) for s in summaries))


class UidsAcrossEditions(unittest.TestCase):
    def test_moved_date_keeps_its_uid_and_bumps_sequence(self):
        _, _, old = calendar(A, WIDE)
        _, _, new = calendar(B, WIDE)
        old_by_uid = {str(e["UID"]): e for e in events(old)}
        new_by_uid = {str(e["UID"]): e for e in events(new)}
        self.assertEqual(set(old_by_uid), set(new_by_uid), "same UIDs, none duplicated")
        moved_uid = MOVED + "@hojokin.dev"
        self.assertIn(moved_uid, old_by_uid)
        before, after = old_by_uid[moved_uid], new_by_uid[moved_uid]
        self.assertEqual(after.decoded("DTSTART").isoformat(), MOVED_TO)
        self.assertNotEqual(before.decoded("DTSTART"), after.decoded("DTSTART"))
        self.assertGreater(int(after["SEQUENCE"]), int(before["SEQUENCE"]))
        for uid, ev in old_by_uid.items():
            if uid != moved_uid:
                self.assertEqual(ev.decoded("DTSTART"), new_by_uid[uid].decoded("DTSTART"), uid)
        # The edition shows in the calendar description.
        self.assertNotEqual(str(old["X-WR-CALDESC"]), str(new["X-WR-CALDESC"]))


if __name__ == "__main__":
    unittest.main(verbosity=2)
