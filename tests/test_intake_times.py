"""The German opening-times parser and the front-matter writer of `wegweiser import`."""
import pytest
from hypothesis import given, settings, strategies as st

from wegweiser.content.validate import coerce
from wegweiser.content.yamlload import load
from wegweiser.intake import times, writer

WEEK = ("mo", "di", "mi", "do", "fr")


@pytest.mark.parametrize("text, blocks, note", [
    ("Di 9–11 Uhr", [(("di",), "09:00", "11:00", "")], ""),
    ("Di 9-11 Uhr", [(("di",), "09:00", "11:00", "")], ""),
    ("Mo–Fr 8:00–12:00", [(WEEK, "08:00", "12:00", "")], ""),
    ("dienstags 9.30 bis 11", [(("di",), "09:30", "11:00", "")], ""),
    ("Montag bis Freitag von 8.00 bis 12.30 Uhr", [(WEEK, "08:00", "12:30", "")], ""),
    ("Mo-Fr 8-12 und 14-16 Uhr", [(WEEK, "08:00", "12:00", ""), (WEEK, "14:00", "16:00", "")], ""),
    ("Mo, Mi 9-12, Do 14-18 Uhr", [(("mo", "mi"), "09:00", "12:00", ""), (("do",), "14:00", "18:00", "")], ""),
    ("Mo.-Do. 9:00 - 12:00 Uhr / Fr. 9:00 - 11:00 Uhr",
     [(("mo", "di", "mi", "do"), "09:00", "12:00", ""), (("fr",), "09:00", "11:00", "")], ""),
    ("9-12 Uhr Mo-Fr", [(WEEK, "09:00", "12:00", "")], ""),
    ("täglich 10-18", [(("mo", "di", "mi", "do", "fr", "sa", "so"), "10:00", "18:00", "")], ""),
    ("Fr-Mo 9-12", [(("mo", "fr", "sa", "so"), "09:00", "12:00", "")], ""),

    ("Mo 18-24", [(("mo",), "18:00", "24:00", "")], ""),
    ("Sa 10-14 (Eingang über den Hof)", [(("sa",), "10:00", "14:00", "Eingang über den Hof")], ""),
    ("Di 9-11, siehe Webseite", [(("di",), "09:00", "11:00", "")], "siehe Webseite"),
])
def test_times_people_write(text, blocks, note):
    found = times.parse(text)
    assert found.error == ""
    assert [(b.days, b.opens, b.closes, b.note) for b in found.blocks] == blocks
    assert found.note == note


@pytest.mark.parametrize("text, error", [
    ("Di ab 10 Uhr", "Zu „10“ fehlt das Ende: schreiben Sie Beginn und Ende, z. B. „14–16 Uhr“"),
    ("Di", "Zu „Di“ fehlt die Uhrzeit (z. B. „Di 9–11 Uhr“)"),
    ("9-12", "Es fehlt der Wochentag (z. B. „Mo–Fr 9–12 Uhr“)"),
    ("Mo 12-9", "Das Ende (09:00) liegt nicht nach dem Beginn (12:00)"),
    ("Mo 25-26", "„25-26“ ist keine Zeitangabe"),
    ("werktags 9-12", "„werktags“ ist kein Wochentag und keine Uhrzeit"),
])
def test_times_that_cannot_be_read_say_why(text, error):
    found = times.parse(text)
    assert found.blocks == [] and found.error == error


@pytest.mark.parametrize("text, blocks", [
    ("jeden 2. und 4. Dienstag im Monat 9-11 Uhr", [{"days": ["di"], "opens": "09:00", "closes": "11:00",
                                                   "weeks": [2, 4]}]),
    ("jeden ersten Samstag im Monat 10-12", [{"days": ["sa"], "opens": "10:00", "closes": "12:00", "weeks": [1]}]),
    ("am letzten Freitag 15-17 Uhr", [{"days": ["fr"], "opens": "15:00", "closes": "17:00", "weeks": [-1]}]),
    ("jeden 2. Di 9-11, jeden 4. Do 14-16", [{"days": ["di"], "opens": "09:00", "closes": "11:00", "weeks": [2]},
                                            {"days": ["do"], "opens": "14:00", "closes": "16:00", "weeks": [4]}]),
    ("Mo, Mi 9-12; jeden 1. Sa 10-12", [{"days": ["mo", "mi"], "opens": "09:00", "closes": "12:00"},
                                       {"days": ["sa"], "opens": "10:00", "closes": "12:00", "weeks": [1]}]),
    ("Sa 10-14 (nicht in den Ferien)", [{"days": ["sa"], "opens": "10:00", "closes": "14:00", "holidays": "closed"}]),
    ("Mo-Fr 9-12 nicht in den Schulferien", [{"days": list(WEEK), "opens": "09:00", "closes": "12:00",
                                             "holidays": "closed"}]),
    ("Mi 10-12 nur in den Ferien", [{"days": ["mi"], "opens": "10:00", "closes": "12:00", "holidays": "only"}]),
    ("April bis Oktober Sa 10-14", [{"days": ["sa"], "opens": "10:00", "closes": "14:00",
                                     "months": [4, 5, 6, 7, 8, 9, 10]}]),
    ("Di 9-11 (von September bis Juni)", [{"days": ["di"], "opens": "09:00", "closes": "11:00",
                                          "months": [9, 10, 11, 12, 1, 2, 3, 4, 5, 6]}]),
    ("nach Vereinbarung", [{"by_appointment": True}]),
    ("Di 9-11 Uhr, sonst nach Vereinbarung", [{"days": ["di"], "opens": "09:00", "closes": "11:00"},
                                              {"by_appointment": True}]),
])
def test_what_the_schedule_can_say_is_read_into_its_fields(text, blocks):
    found = times.parse(text)
    assert (found.error, found.note, found.rhythm) == ("", "", False)
    assert [b.as_data() for b in found.blocks] == blocks


@pytest.mark.parametrize("text", ["alle zwei Wochen Di 9-11", "14-tägig Mo 10-12", "einmal im Monat",
                                  "jeden 2. 9-11"])
def test_a_rhythm_without_its_anchor_becomes_a_note_not_a_guess(text):
    found = times.parse(text)
    assert found.blocks == [] and found.rhythm and found.note == text


def test_the_week_of_the_month_must_stand_before_each_day():
    found = times.parse("Di, jeden 2. Do 9-11")
    assert found.blocks == [] and "vor jeden Wochentag" in found.error


def read_back(data: dict) -> dict:
    doc, problems = load(writer.front_matter(data), "x.md")
    assert problems == [], problems
    return coerce(doc.data, SCHEMA)


SCHEMA = {"type": "object", "properties": {
    "name": {"type": "string"}, "phone": {"type": "string"}, "opens": {"type": "string"},
    "lat": {"type": "number"}, "free": {"type": "boolean"},
    "list": {"type": "array", "items": {"type": "string"}}}}


def test_writer_writes_like_a_provider():
    text = writer.front_matter({"name": "Café Kinderwagen", "list": ["de", "tr"], "age": {"min": 0, "max": 3},
                                "phone": "0209 111", "opens": "09:00", "note": "Ja: 5 €", "free": True})
    assert text == ('name: Café Kinderwagen\nlist: [de, tr]\nage: {min: 0, max: 3}\nphone: "0209 111"\n'
                    'opens: "09:00"\nnote: "Ja: 5 €"\nfree: true\n')


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=40).filter(lambda t: "\x00" not in t))
def test_any_text_reads_back_as_itself(text):
    doc, problems = load(writer.front_matter({"name": text}), "x.md")
    assert problems == [] and str(doc.data["name"]) == text


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["de", "tr", "werdende_eltern", "Deutsch", "a b", "x: y", "#1", "-"]), max_size=4),
       st.floats(-90, 90, allow_nan=False), st.booleans())
def test_lists_numbers_and_booleans_read_back(items, lat, free):
    data = {"list": items, "lat": lat, "free": free} if items else {"lat": lat, "free": free}
    assert read_back(data) == data
