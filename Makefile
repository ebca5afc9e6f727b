# Wegweiser: every target sets up what it needs (virtual environment from the hash-locked files).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help build serve check check-strict test test-fast bench bench-import schema codeowners lock clean browser screenshots \
        i18n-extract i18n-update i18n-compile

help:
	@echo "make serve   – Beispielverzeichnis bauen und unter http://$(HOST)/ zeigen"
	@echo "make build   – Seite nach site/ bauen"
	@echo "make check   – alle Inhaltsdateien prüfen"
	@echo "make test    – alle Tests (richtet Python-Pakete und Chromium selbst ein)"
	@echo "make bench   – Messungen bei 1.000/5.000/20.000 Angeboten"
	@echo "make bench-import – Import von 5.000 Tabellenzeilen messen"
	@echo "make schema  – Editor-Schemas und docs/felder.md neu erzeugen"
	@echo "make codeowners – .github/CODEOWNERS und .gitlab/CODEOWNERS aus den Inhalten erzeugen"
	@echo "make screenshots – Bilder der Anleitung docs/angebot-eintragen.md neu aufnehmen"
	@echo "make lock    – Abhängigkeiten neu auflösen (requirements/*.txt)"
	@echo "make i18n-extract i18n-update – neue Texte in die Übersetzungskataloge (.po) übernehmen"
	@echo "make i18n-compile – Kataloge prüfen und als .mo übersetzen (der Bau liest die .po selbst)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site: requirements/site.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/site.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.site requirements/dev.txt
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/site.txt -r requirements/dev.txt
	@touch $@

build: $(VENV)/.site
	$(BIN)/mkdocs build

serve: $(VENV)/.site
	$(BIN)/mkdocs serve --dirty --watch-theme --dev-addr $(HOST)

check: $(VENV)/.site
	$(BIN)/wegweiser check

check-strict: $(VENV)/.site
	$(BIN)/wegweiser check --strict

schema: $(VENV)/.site
	$(BIN)/wegweiser schema --write

codeowners: $(VENV)/.site
	$(BIN)/wegweiser codeowners

browser:
	@scripts/ensure-chromium

test: $(VENV)/.dev browser
	$(BIN)/python -m pytest

# Without the browser tests, for a quick round while editing.
test-fast: $(VENV)/.dev
	$(BIN)/python -m pytest -m "not browser"

# The pictures of docs/angebot-eintragen.md, from the real form.
screenshots: $(VENV)/.dev browser
	$(BIN)/python scripts/doc_screenshots.py

bench: $(VENV)/.dev browser
	$(BIN)/python -m benchmarks.run

bench-import: $(VENV)/.dev
	$(BIN)/python -m benchmarks.intake

lock: $(VENV)/.dev
	cd requirements && ../$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o site.txt site.in
	cd requirements && ../$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o dev.txt dev.in

# Translations (docs/uebersetzen.md): the German texts of code and templates -> messages.pot ->
# one messages.po per language. The build reads the .po files directly.
LOCALE := hooks/wegweiser/locale
I18N_LANGS := tr ar uk ro bg en

i18n-extract: $(VENV)/.site
	$(BIN)/pybabel -q extract -F babel.cfg --no-location --sort-output --no-wrap \
	  --project Wegweiser -o $(LOCALE)/messages.pot .

i18n-update: $(VENV)/.site
	for l in $(I18N_LANGS); do \
	  $(BIN)/pybabel -q update --init-missing --no-wrap --ignore-obsolete --no-fuzzy-matching \
	    -i $(LOCALE)/messages.pot -d $(LOCALE) -l $$l || exit 1; \
	done

i18n-compile: $(VENV)/.site
	$(BIN)/pybabel compile --statistics -d $(LOCALE)

clean:
	rm -rf site .site-* .pytest_cache
