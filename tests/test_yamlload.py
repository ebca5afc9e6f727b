"""The strict YAML layer: data stays data, every hazard is a clear error with its place."""
import pytest

from wegweiser.content.yamlload import Plain, load


def messages(text, offset=0):
    doc, problems = load(text, "f.yml", offset)
    return doc, [p.format() for p in problems]


@pytest.mark.parametrize("text, key, expected", [
    ("country: NO\n", "country", "NO"),
    ("postal_code: 01067\n", "postal_code", "01067"),
    ("opens: 10:30\n", "opens", "10:30"),
    ("phone: 0209123456\n", "phone", "0209123456"),
    ("v: yes\n", "v", "yes"),
    ("v: 1e3\n", "v", "1e3"),
    ("v: 0x1F\n", "v", "0x1F"),
    ("v: .inf\n", "v", ".inf"),
    ("v: 2025-02-30\n", "v", "2025-02-30"),
])
def test_plain_scalars_stay_the_text_written(text, key, expected):
    doc, problems = messages(text)
    assert problems == []
    assert doc.data[key] == expected and isinstance(doc.data[key], Plain)


def test_quoted_and_block_scalars_are_text_and_empty_is_none():
    doc, problems = messages("a: 'x'\nb: \"y\"\nc:\nd: |\n  eins\n  zwei\n")
    assert problems == []
    assert doc.data == {"a": "x", "b": "y", "c": None, "d": "eins\nzwei"}
    assert not isinstance(doc.data["a"], Plain)


def test_positions_of_keys_and_values_are_recorded_with_offset():
    doc, _ = messages("name: x\nlist:\n  - a\n  - {k: v}\n", offset=1)
    assert doc.keys[("name",)] == (2, 1)
    assert doc.values[("name",)] == (2, 7)
    assert doc.values[("list", 1, "k")] == (5, 9)
    assert doc.where(("list", 1, "missing")) == (5, 5)


def test_duplicate_key_is_an_error_and_the_second_does_not_win():
    doc, problems = messages("email: a@x.de\nname: n\nemail: b@x.de\n")
    assert doc.data["email"] == "a@x.de"
    assert problems == ["f.yml:3:1: email: Das Feld „email“ steht zweimal in diesem Abschnitt (zuerst in "
                        "Zeile 1). Prüfen Sie, welche Angabe stimmt, und löschen Sie die andere."]


def test_alias_bomb_is_rejected_before_expansion():
    rows = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    rows += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]" for i in range(8)]
    doc, problems = messages("\n".join(rows) + "\n")
    assert problems[0] == "f.yml:1:4: a: Anker wie „&a“ sind nicht erlaubt. Schreiben Sie jeden Wert aus."
    assert any("Verweise mit „*“" in p for p in problems)
    assert doc.data["b"] == [None] * 10  # nothing was expanded


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['ls']", "!!str 01067", "!custom x"])
def test_every_tag_is_rejected(tag):
    _, problems = messages(f"a: {tag}\n")
    assert len(problems) == 1 and "YAML-Tags wie" in problems[0] and problems[0].startswith("f.yml:1:4: a:")


@pytest.mark.parametrize("text, expected", [
    ("a:\n\tb: 1\n", "f.yml:2:1: YAML-Syntaxfehler. Ein Tabulator wird hier zum Einrücken benutzt. YAML erlaubt "
                     "nur Leerzeichen: ersetzen Sie die Tabulatoren durch Leerzeichen."),
    ("a: 1\n---\nb: 2\n", "f.yml:2:1: Die Datei enthält mehr als ein YAML-Dokument. Entfernen Sie die "
                          "zusätzliche Zeile „---“."),
    ("", "f.yml:1:1: Hier stehen keine Daten. Erwartet werden Felder in der Form „feld: wert“."),
    ("- a\n", "f.yml:1:1: Oben müssen Felder in der Form „feld: wert“ stehen, keine Liste und kein "
              "einzelner Text."),
    ("a: b: c\n", "f.yml:1:5: YAML-Syntaxfehler. Ein Doppelpunkt steht an einer Stelle, an der YAML ihn "
                  "nicht erwartet. Steht im Wert ein „: “, setzen Sie den ganzen Wert in Anführungszeichen."),
    ("a: \"offen\nb: 1\n", "f.yml:3:1: YAML-Syntaxfehler. Die Datei endet mitten in einem Wert: "
                           "wahrscheinlich fehlt ein schließendes Anführungszeichen oder eine schließende "
                           "Klammer."),
    ("? [a, b]\n: 1\n", "f.yml:1:3: Ein Feldname muss ein einfacher Text sein, keine Liste oder Zuordnung."),
    ("languages: [de, tr\nstatus: active\n", "f.yml:1:12: YAML-Syntaxfehler. Die Klammer „[“ wird nicht "
     "geschlossen: es fehlt „]“ am Ende oder ein Komma zwischen zwei Einträgen."),
    ("cost: {free: true # kostenlos}\n", "f.yml:1:7: YAML-Syntaxfehler. Die Klammer „{“ wird nicht geschlossen: "
     "es fehlt „}“ am Ende oder ein Komma zwischen zwei Einträgen. Ab „ #“ gilt der Rest der Zeile als Kommentar, "
     "auch das „}“. Schreiben Sie eine Notiz hinter die Klammer, oder setzen Sie einen Wert mit „#“ in "
     "Anführungszeichen."),
    # a field indented below a `key: value` line is read as that value's next line
    ("name: Krabbelgruppe\n  summary: Spielen\n", "f.yml:2:10: YAML-Syntaxfehler. „summary“ ist weiter "
     "eingerückt als „name“ in Zeile 1 darüber, deshalb liest YAML die Zeile als Fortsetzung des Werts von „name“. "
     "Rücken Sie Felder desselben Abschnitts gleich weit ein. (Gehört „summary: Spielen“ zum Text, setzen Sie den "
     "ganzen Wert in Anführungszeichen.)"),
    # text with a colon on its next line: that is text, and quoting is the advice
    ("summary: Treffen für Eltern\n  Zeit: dienstags\n", "f.yml:2:7: YAML-Syntaxfehler. Ein Doppelpunkt steht an "
     "einer Stelle, an der YAML ihn nicht erwartet. Steht im Wert ein „: “, setzen Sie den ganzen Wert in "
     "Anführungszeichen."),
])
def test_syntax_hazards_give_one_clear_error(text, expected):
    doc, problems = messages(text)
    assert doc is None or text.startswith("?")
    assert problems == [expected]


def test_depth_and_size_limits():
    _, problems = messages("a: " + "[" * 40 + "]" * 40 + "\n")
    assert len(problems) == 1 and "zu tief verschachtelt" in problems[0]
    _, problems = messages("a: [" + ", ".join(["x"] * 25_000) + "]\n")
    assert len(problems) == 1 and "zu viele Einträge" in problems[0]
