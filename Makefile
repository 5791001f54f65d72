# `make run` and `make test` bootstrap .venv from pyproject.toml on their own.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: translations package package-check run test lint typecheck imports unit bench venv clean emulator install-desktop uninstall-desktop

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/gemdesk

emulator: $(STAMP)
	$(PY) -m tests.fake_gemini --port 8765

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy --strict desktop_app

imports: $(STAMP)
	$(VENV)/bin/lint-imports

unit: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

test: lint typecheck imports unit

# Refresh the catalogue from the sources (tr()/translate() calls), then compile it
# into package data. The .qm is committed: pip/pipx/PyInstaller need no Qt tools.
TS_FILES := resources/translations/gemdesk_tr.ts
QM_DIR   := desktop_app/resources/translations

# tests/i18n reads LUPDATE_FLAGS from here to check the catalogue is in sync.
LUPDATE_FLAGS := -extensions py -no-obsolete -locations none -sort-messages \
	-tr-function-alias QT_TRANSLATE_NOOP+=translate_noop

translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate $(LUPDATE_FLAGS) desktop_app -ts $(TS_FILES)
	mkdir -p $(QM_DIR)
	for ts in $(TS_FILES); do \
		$(VENV)/bin/pyside6-lrelease -silent "$$ts" -qm "$(QM_DIR)/$$(basename "$${ts%.ts}").qm" || exit 1; \
	done

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .pytest_cache .ruff_cache

# Desktop entry, AppStream metainfo and icons into the user's XDG dirs; Exec points
# at this checkout's gemdesk unless GEMDESK_BIN says otherwise.
XDG_DATA_HOME ?= $(HOME)/.local/share
APP_ID        := io.github.gemdesk.Gemdesk
GEMDESK_BIN   ?= $(abspath $(VENV)/bin/gemdesk)
ICON_FILES    := $(shell cd resources/icons && find hicolor -name '$(APP_ID).*')

install-desktop: $(STAMP)
	install -d "$(XDG_DATA_HOME)/applications" "$(XDG_DATA_HOME)/metainfo"
	sed -e 's|^Exec=gemdesk|Exec=$(GEMDESK_BIN)|' -e 's|^TryExec=gemdesk|TryExec=$(GEMDESK_BIN)|' \
		resources/desktop/$(APP_ID).desktop > "$(XDG_DATA_HOME)/applications/$(APP_ID).desktop"
	install -m644 resources/metainfo/$(APP_ID).metainfo.xml "$(XDG_DATA_HOME)/metainfo/"
	for f in $(ICON_FILES); do install -Dm644 "resources/icons/$$f" "$(XDG_DATA_HOME)/icons/$$f"; done
	-command -v update-desktop-database >/dev/null && update-desktop-database -q "$(XDG_DATA_HOME)/applications"
	-command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t -f "$(XDG_DATA_HOME)/icons/hicolor"

uninstall-desktop:
	rm -f "$(XDG_DATA_HOME)/applications/$(APP_ID).desktop" "$(XDG_DATA_HOME)/metainfo/$(APP_ID).metainfo.xml"
	for f in $(ICON_FILES); do rm -f "$(XDG_DATA_HOME)/icons/$$f"; done

# One-folder PyInstaller bundle in dist/gemdesk; package-check starts it headless.
PKG_STAMP := $(VENV)/.installed-package

$(PKG_STAMP): $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check 'pyinstaller>=6.10'
	touch $(PKG_STAMP)

package: $(PKG_STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/gemdesk.spec

package-check: package
	QT_QPA_PLATFORM=offscreen dist/gemdesk/gemdesk --self-test
