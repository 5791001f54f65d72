"""The main window: sidebar | transcript over composer, menus, shortcuts, status bar."""

from __future__ import annotations

import contextlib
import importlib
import logging
from collections.abc import Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QWidget

from desktop_app import paths
from desktop_app.core.preferences import Preferences, load_preferences
from desktop_app.ui.i18n import display_error
from desktop_app.ui.startup_probe import after_first_paint
from desktop_app.ui.theme import ThemeManager, apply_chosen_palette
from desktop_app.ui.window.skeleton import SkeletonView

if TYPE_CHECKING:
    import asyncio

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import (
        QDockWidget,
        QFileDialog,
        QMessageBox,
        QSplitter,
        QStackedWidget,
        QVBoxLayout,
    )

    from desktop_app.core.connection import GeminiClient
    from desktop_app.core.credentials import ResolvedKey, key_may_exist, resolve_api_key
    from desktop_app.core.engine import Engine
    from desktop_app.core.errors import EngineError
    from desktop_app.core.presets import PresetLibrary
    from desktop_app.core.settings import ConversationSettings
    from desktop_app.store import HistoryStore, StoreError
    from desktop_app.ui import shortcuts
    from desktop_app.ui.composer import NEW_CONVERSATION, Composer, DraftStore, PendingAttachment
    from desktop_app.ui.controller import ConversationController
    from desktop_app.ui.conversation_settings import ConversationSettingsPanel
    from desktop_app.ui.first_run import FirstRunPanel
    from desktop_app.ui.sidebar import Sidebar
    from desktop_app.ui.status_bar import ConnectionState, StatusBar
    from desktop_app.ui.transcript import MessageStatus, TranscriptMessage, TranscriptView
    from desktop_app.ui.window.conversation_view import (
        LoadedConversation,
        load_conversation,
        sibling_ids,
        sibling_position,
        to_transcript,
    )
    from desktop_app.ui.window.deferred_setting import DeferredSetting
    from desktop_app.ui.window.delta_pacer import DeltaPacer
    from desktop_app.ui.window.error_bar import ErrorBar
    from desktop_app.ui.window.warm_up import warm_caches


def _import_parts() -> None:
    """Import the widgets, the store and the engine's modules (after the first paint).

    They cost ~300 ms and most of the window's memory; :class:`SkeletonView` stands in
    for them until :meth:`MainWindow.build` runs. Module globals, so that the methods
    below read as if imported at the top (the ``TYPE_CHECKING`` block names them).
    """
    global \
        key_may_exist, \
        resolve_api_key, \
        EngineError, \
        PresetLibrary, \
        ConversationSettings, \
        HistoryStore
    global StoreError, shortcuts, NEW_CONVERSATION, Composer, DraftStore, PendingAttachment
    global ConversationController, Sidebar
    global ConnectionState, StatusBar, MessageStatus, TranscriptMessage, TranscriptView
    global LoadedConversation, load_conversation, sibling_ids, sibling_position, to_transcript
    global DeferredSetting, DeltaPacer, ErrorBar, warm_caches, asyncio
    global QDockWidget, QFileDialog, QMessageBox, QSplitter, QStackedWidget, QVBoxLayout
    global QAction, QKeySequence, Qt
    import asyncio

    from PySide6.QtCore import Qt  # the namespace's ~100 enums are created on first import
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import (  # their enums cost ~25 ms to create
        QDockWidget,
        QFileDialog,
        QMessageBox,
        QSplitter,
        QStackedWidget,
        QVBoxLayout,
    )

    from desktop_app.core.credentials import key_may_exist, resolve_api_key
    from desktop_app.core.errors import EngineError
    from desktop_app.core.presets import PresetLibrary
    from desktop_app.core.settings import ConversationSettings
    from desktop_app.store import HistoryStore, StoreError
    from desktop_app.ui import shortcuts
    from desktop_app.ui.composer import NEW_CONVERSATION, Composer, DraftStore, PendingAttachment
    from desktop_app.ui.controller import ConversationController
    from desktop_app.ui.sidebar import Sidebar
    from desktop_app.ui.status_bar import ConnectionState, StatusBar
    from desktop_app.ui.transcript import MessageStatus, TranscriptMessage, TranscriptView
    from desktop_app.ui.window.conversation_view import (
        LoadedConversation,
        load_conversation,
        sibling_ids,
        sibling_position,
        to_transcript,
    )
    from desktop_app.ui.window.deferred_setting import DeferredSetting
    from desktop_app.ui.window.delta_pacer import DeltaPacer
    from desktop_app.ui.window.error_bar import ErrorBar
    from desktop_app.ui.window.warm_up import warm_caches


log = logging.getLogger(__name__)


def _engine_modules_and_key() -> ResolvedKey | None:
    """For a worker thread: import the engine (httpx, …) and read the key (keychain)."""
    importlib.import_module("desktop_app.core.engine")
    return resolve_api_key()


EXPORT_SUFFIX = {"md": ".md", "html": ".html", "json": ".json"}


class MainWindow(QMainWindow):
    """Gemdesk's main window.

    Constructor (used by ``app.py``; every service is optional so ``MainWindow()`` works)::

        MainWindow(
            parent=None,
            *,
            store: HistoryStore | None = None,     # default: HistoryStore.open(), owned
            engine: Engine | None = None,          # default: Engine(store, client), owned
            preferences: Preferences | None = None,  # default: load_preferences()
            drafts: DraftStore | None = None,      # default: DraftStore() (data_dir/drafts.json)
            settings: QSettings | None = None,     # window state; default: config_dir/window.ini
            theme_manager: ThemeManager | None = None,  # default: one following preferences.theme
        )

    What the window created itself (store, API client) it closes in :meth:`shutdown`
    (called from ``closeEvent``); injected services stay open for their owner.
    Geometry, splitter sizes and the last open conversation go to QSettings; the
    API key never does.

    Signals:
        conversation_opened(int): a conversation is shown (-1 for a new, unsaved chat).
        conversation_loaded(int): its messages are in the transcript.
        recovery_finished(int): start-up recovery settled this many interrupted answers.
        preferences_requested(): the Preferences action (app.py may handle it instead).
    """

    conversation_opened = Signal(int)
    recovery_finished = Signal(int)
    conversation_loaded = Signal(int)
    preferences_requested = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        store: HistoryStore | None = None,
        engine: Engine | None = None,
        preferences: Preferences | None = None,
        drafts: DraftStore | None = None,
        settings: QSettings | None = None,
        theme_manager: ThemeManager | None = None,
        defer_build: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Gemdesk"))
        self.setObjectName("MainWindow")
        self.setAccessibleName(self.tr("Gemdesk"))
        self.preferences = preferences if preferences is not None else load_preferences()
        self.settings = (
            settings
            if settings is not None
            else QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)
        )
        self._owned_theme = theme_manager is None
        self._injected_theme = theme_manager
        # An explicit light/dark choice is painted from the outline on; ThemeManager (which
        # also follows the OS scheme) comes with the widgets.
        if theme_manager is None:
            apply_chosen_palette(self.preferences.theme)
        self.resize(1100, 750)
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
        self.setCentralWidget(SkeletonView(self))
        self._closed = False
        self._built = False
        self._services = (store, engine, drafts)
        if not defer_build:
            self.build()

    def is_built(self) -> bool:
        return self._built

    def build(self) -> None:
        """Build the widgets and services in place of the skeleton (once).

        ``MainWindow(defer_build=True)`` paints its outline first; start-up calls this
        once that paint is on screen. Everything else assumes a built window.
        """
        if self._built:
            return
        self._built = True
        _import_parts()
        self.theme = self._injected_theme or ThemeManager(self.preferences.theme, self)
        store, engine, drafts = self._services
        self._services = (None, None, None)
        self._owned_store = store is None and engine is None
        self.store = (
            store if store is not None else (engine.store if engine else HistoryStore.open())
        )
        self._owned_client: GeminiClient | None = None
        # Built on first use (see engine): httpx and the API client load after the first paint.
        self._engine = engine
        self._presets = engine.presets if engine is not None else PresetLibrary()
        # Without opening the keychain when a marker says the key is there (see engine).
        self._key_present = engine.client is not None if engine else key_may_exist()
        # Written once the user settles on a conversation, not on every switch.
        self._last_conversation = DeferredSetting(self.settings, "last_conversation", self)
        self.controller = ConversationController(lambda: self.engine, self)
        self.pacer = DeltaPacer(
            lambda mid, text: self.transcript.append_delta(mid, text),
            lambda mid, text: self.transcript.append_thought_delta(mid, text),
            self,
            ready=lambda: not self.transcript.is_behind(),
        )
        self._current: int | None = None
        self._load_generation = 0
        self._load_task: asyncio.Future[Any] | None = None
        # The turn the composer still shows (frozen, with upload progress): its
        # conversation, and whether the engine has stored it (TurnStarted) yet.
        self._pending_turn: tuple[int, bool] | None = None
        self._retry_target: tuple[int, int] | None = None
        # Errors of answers in the transcript: shown there (with Retry), not in the bar.
        self._turn_errors: dict[int, str] = {}
        self._last_usage: dict[str, Any] | None = None
        self._background: set[asyncio.Future[Any]] = set()
        self._warmed = False

        self.sidebar = Sidebar(self.store, self)
        self.transcript = TranscriptView(self, dark=self.theme.is_dark())
        self.transcript.setObjectName("transcript")
        self.transcript.setAccessibleName(self.tr("Transcript"))
        self.error_bar = ErrorBar(self)
        self.composer = Composer(self, drafts=drafts)
        self.composer.set_send_key(self.preferences.send_key.value)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        self.center = QStackedWidget(self)
        self.center.addWidget(self.transcript)
        self.first_run: FirstRunPanel | None = None
        right_layout.addWidget(self.center, 1)
        right_layout.addWidget(self.error_bar)
        right_layout.addWidget(self.composer)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([280, 820])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.status = StatusBar(self)
        self.setStatusBar(self.status)
        # The panel is built the first time the dock opens (or someone asks for it).
        self._settings_panel: ConversationSettingsPanel | None = None
        self.settings_dock = QDockWidget(self.tr("Conversation settings"), self)
        self.settings_dock.setObjectName("conversationSettingsDock")
        self.settings_dock.setAccessibleName(self.tr("Conversation settings"))
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.settings_dock)
        self.settings_dock.hide()
        self.settings_dock.visibilityChanged.connect(self._on_settings_dock_visibility)
        self._new_chat_settings: ConversationSettings | None = None

        self.actions_by_name: dict[str, QAction] = {}
        self._build_actions()
        self._build_menus()
        self._connect_signals()
        self.setTabOrder(self.sidebar.list, self.transcript)
        self.setTabOrder(self.transcript, self.composer.prompt)
        self._update_connection()
        self._update_first_run()
        self._restore_state()
        self._report_damaged_history()
        # Answers a crash left half-written are settled once the window has painted.
        after_first_paint(self, self._start_recovery)

    def _report_damaged_history(self) -> None:
        """Say so when opening the history found it damaged and set it aside."""
        moved = self.store.recovered_from_corruption
        if moved is not None:
            self.error_bar.show_error(
                self.tr(
                    "Your history file was damaged and could not be read. It was kept as "
                    "{path} and a new, empty history was started."
                ).format(path=moved),
                retryable=False,
            )

    @property
    def settings_panel(self) -> ConversationSettingsPanel:
        """The conversation settings panel, built on first use with the shown settings."""
        if self._settings_panel is None:
            from desktop_app.ui.conversation_settings import ConversationSettingsPanel

            panel = ConversationSettingsPanel(
                self, preferences=self.preferences, presets=self._presets
            )
            self._settings_panel = panel
            self._show_settings_of(self._current)
            panel.settings_changed.connect(self._on_settings_changed)
            self.settings_dock.setWidget(panel)
        return self._settings_panel

    def _on_settings_dock_visibility(self, visible: bool) -> None:
        if visible:
            self.settings_panel  # noqa: B018  (builds it)

    def _show_settings_of(self, conversation_id: int | None) -> None:
        """Put *conversation_id*'s settings in the panel, if the panel exists yet."""
        panel = self._settings_panel
        if panel is None:
            return
        if conversation_id is None:
            panel.set_settings(self._new_chat_settings or self.preferences.conversation_defaults())
            return
        with contextlib.suppress(EngineError, StoreError):
            panel.set_settings(self.controller.session(conversation_id).settings)

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Future[Any]:
        """Run *coro* on the loop, keeping a reference until it ends."""
        task = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    # -- services ---------------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            return self._create_engine(resolve_api_key())
        return self._engine

    async def engine_ready(self) -> Engine:
        """The engine, with its modules imported and the key read off the GUI thread.

        The keychain's first use (keyring's backend discovery) costs ~250 ms and httpx's
        import ~100 ms: a worker thread pays them, not the window.
        """
        if self._engine is None:
            resolved = await asyncio.to_thread(_engine_modules_and_key)
            if self._engine is None:  # a synchronous caller may have built it meanwhile
                return self._create_engine(resolved)
        return self.engine

    def _create_engine(self, resolved: ResolvedKey | None) -> Engine:
        from desktop_app.core.engine import Engine

        self._owned_client = self._client_for(resolved)
        engine = Engine(self.store, self._owned_client, presets=self._presets)
        self._engine = engine
        if self._owned_client is None and self._key_present:
            # The keychain lost the key start-up assumed: ask for one (not re-entrantly).
            self._key_present = False
            QTimer.singleShot(0, self._update_first_run)
        return engine

    def _has_client(self) -> bool:
        return self._engine.client is not None if self._engine else self._key_present

    def _make_client(self) -> GeminiClient | None:
        return self._client_for(resolve_api_key())

    def _client_for(self, resolved: ResolvedKey | None) -> GeminiClient | None:
        from desktop_app.core.connection import make_client

        if resolved is None:
            return None
        return make_client(resolved.value, self.preferences.effective_base_url())

    def set_client(self, client: GeminiClient | None) -> None:
        """Use a new API client (key or endpoint changed); the window owns it from now on."""
        old = self._owned_client
        self._owned_client = client
        self._key_present = client is not None
        self.engine.set_client(client)
        self._update_connection()
        self._update_first_run()
        if old is not None and old is not client:
            with contextlib.suppress(RuntimeError):
                self._spawn(old.aclose())

    # -- actions, menus, shortcuts ----------------------------------------------------------

    def _action(self, name: str, text: str, slot: Any) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        spec = next((s for s in shortcuts.SHORTCUTS if s.name == name), None)
        if spec is not None:
            action.setShortcuts(shortcuts.key_sequences(spec))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        self.actions_by_name[name] = action
        return action

    def _build_actions(self) -> None:
        a = self._action
        a("new_chat", self.tr("&New chat"), self.new_chat)
        a("focus_search", self.tr("&Search…"), self.focus_search)
        a("send", self.tr("S&end"), self.composer.submit)
        a("stop", self.tr("S&top"), self.stop)
        a("copy_last_answer", self.tr("&Copy last answer"), self.copy_last_answer)
        a("preferences", self.tr("&Preferences…"), self.open_preferences)
        a("export", self.tr("&Export conversation…"), self.export_current)
        a("next_conversation", self.tr("&Next conversation"), lambda: self.cycle(1))
        a("previous_conversation", self.tr("P&revious conversation"), lambda: self.cycle(-1))
        a("rename", self.tr("&Rename conversation"), self.rename_current)
        a("keyboard_shortcuts", self.tr("&Keyboard shortcuts"), self.show_shortcuts)
        a("about", self.tr("&About Gemdesk"), self.show_about)
        a("toggle_sidebar", self.tr("Show &sidebar"), self.toggle_sidebar)
        a("close_window", self.tr("&Close window"), self.close)
        self.actions_by_name["conversation_settings"] = self.settings_dock.toggleViewAction()
        self.actions_by_name["conversation_settings"].setText(self.tr("Conversation &settings"))
        self.actions_by_name["close_window"].setShortcut(QKeySequence.StandardKey.Close)
        self.actions_by_name["toggle_sidebar"].setCheckable(True)
        self.actions_by_name["toggle_sidebar"].setChecked(True)
        self.actions_by_name["stop"].setEnabled(False)

    def _build_menus(self) -> None:
        get = self.actions_by_name
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(get["new_chat"])
        file_menu.addAction(get["export"])
        file_menu.addSeparator()
        file_menu.addAction(get["preferences"])
        file_menu.addSeparator()
        file_menu.addAction(get["close_window"])
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        edit_menu.addAction(get["send"])
        edit_menu.addAction(get["stop"])
        edit_menu.addSeparator()
        edit_menu.addAction(get["copy_last_answer"])
        edit_menu.addAction(get["rename"])
        edit_menu.addAction(get["focus_search"])
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addAction(get["toggle_sidebar"])
        view_menu.addAction(get["conversation_settings"])
        view_menu.addSeparator()
        view_menu.addAction(get["next_conversation"])
        view_menu.addAction(get["previous_conversation"])
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(get["keyboard_shortcuts"])
        help_menu.addAction(get["about"])
        self.menus = {
            "file": file_menu,
            "edit": edit_menu,
            "view": view_menu,
            "help": help_menu,
        }

    def _connect_signals(self) -> None:
        sb, c, ctl, t = self.sidebar, self.composer, self.controller, self.transcript
        sb.conversation_activated.connect(self.open_conversation)
        sb.new_chat_requested.connect(self.new_chat)
        sb.hit_activated.connect(self._on_search_hit)
        sb.export_requested.connect(self.export_conversation)
        sb.conversation_removed.connect(self._on_conversation_removed)
        c.send_requested.connect(self._on_send_requested)
        c.prompt.textChanged.connect(self.warm_up)
        c.attachments_changed.connect(self.warm_up)
        c.edit_submitted.connect(self.edit_message)
        c.stop_requested.connect(self.stop)
        ctl.turn_started.connect(self._on_turn_started)
        ctl.delta.connect(self._on_delta)
        ctl.thought_delta.connect(self._on_thought_delta)
        ctl.status_changed.connect(self._on_status_changed)
        ctl.attachment_progress.connect(self._on_attachment_progress)
        ctl.uploads_progress.connect(self._on_uploads_progress)
        ctl.connection_changed.connect(self._on_connection_changed)
        ctl.usage_updated.connect(self._on_usage)
        ctl.notice.connect(self._on_notice)
        ctl.title_changed.connect(lambda cid, _title: self.sidebar.refresh_conversation(cid))
        ctl.failed.connect(self._on_failed)
        ctl.refused.connect(self._on_refused)
        ctl.finished.connect(self._on_finished)
        ctl.busy_changed.connect(self._on_busy_changed)
        self.error_bar.retry_requested.connect(self.retry)
        self.theme.dark_changed.connect(self.transcript.set_dark)
        t.edit_requested.connect(self.start_edit)
        t.regenerate_requested.connect(self.regenerate)
        t.retry_requested.connect(self._retry_message)
        t.branch_requested.connect(self.show_sibling)
        t.branch_to_new_conversation_requested.connect(self.branch_to_new_conversation)

    # -- opening conversations --------------------------------------------------------------

    def current_conversation(self) -> int | None:
        return self._current

    def new_chat(self) -> None:
        self._show(None)
        self.transcript.clear()
        self.composer.prompt.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def open_conversation(
        self, conversation_id: int, *, message_id: int | None = None, query: str = ""
    ) -> None:
        """Show a conversation; with *message_id*, scrolled to it (and *query* marked)."""
        if conversation_id == self._current and message_id is None:
            return
        self._show(conversation_id)
        self._load_generation += 1
        if self._load_task is not None and not self._load_task.done():
            self._load_task.cancel()
        self._load_task = self._spawn(
            self._load(conversation_id, self._load_generation, message_id, query)
        )

    def _show(self, conversation_id: int | None) -> None:
        if self._settings_panel is not None:
            self._settings_panel.flush()  # a half-typed system instruction: the old one's
        self.pacer.clear()  # text still queued for the old conversation is saved; drop it
        self._current = conversation_id
        self.controller.set_visible(conversation_id)
        self.composer.set_conversation(
            NEW_CONVERSATION if conversation_id is None else str(conversation_id)
        )
        self.composer.set_streaming(
            conversation_id is not None and self.controller.is_busy(conversation_id)
        )
        self.actions_by_name["stop"].setEnabled(self.composer.is_streaming())
        self.error_bar.hide()
        self._retry_target = None
        self.sidebar.select_conversation(conversation_id)
        if conversation_id is None:
            self._new_chat_settings = None
            self.status.set_model(self.preferences.default_model)
            self.status.set_usage(None, None)
            self.setWindowTitle(self.tr("New chat — Gemdesk"))
        self._show_settings_of(conversation_id)
        self._last_conversation.set(conversation_id or 0)
        self.conversation_opened.emit(-1 if conversation_id is None else conversation_id)

    async def _load(
        self, conversation_id: int, generation: int, message_id: int | None, query: str
    ) -> None:
        try:
            loaded = await asyncio.to_thread(load_conversation, self.store, conversation_id)
        except StoreError as exc:
            if generation == self._load_generation:
                self.error_bar.show_error(display_error(exc), retryable=False)
            return
        if generation != self._load_generation or self._closed:
            return  # the user moved on: don't paint a conversation they left
        self._apply_loaded(loaded)
        if message_id is not None:
            self.transcript.scroll_to_message(message_id, highlight=query)
        else:
            self.transcript.scroll_to_bottom()
        self.conversation_loaded.emit(conversation_id)

    def _apply_loaded(self, loaded: LoadedConversation) -> None:
        if loaded.messages:
            self.warm_up()
        self.transcript.set_messages(loaded.messages)
        self.setWindowTitle(
            self.tr("{title} — Gemdesk").format(title=loaded.title or self.tr("New chat"))
        )
        self.status.set_model(loaded.model)
        self._last_usage = loaded.last_usage
        self._refresh_usage_totals(loaded.conversation_id)

    def _refresh_usage_totals(self, conversation_id: int) -> None:
        async def totals() -> None:
            with contextlib.suppress(EngineError, StoreError):
                # The engine is prepared off the GUI thread: the first conversation
                # opened must not stall on httpx's import or the keychain.
                await self.engine_ready()
                result = await self.controller.session(conversation_id).usage_totals()
                if conversation_id == self._current:
                    self.status.set_usage(
                        self._last_usage,
                        conversation_totals=(result.input, result.output + result.thought),
                    )

        self._spawn(totals())

    def _on_search_hit(self, conversation_id: int, message_id: int, query: str) -> None:
        self.open_conversation(
            conversation_id, message_id=None if message_id < 0 else message_id, query=query
        )

    def _on_conversation_removed(self, conversation_id: int) -> None:
        self.controller.stop(conversation_id)
        if conversation_id == self._current:
            self.new_chat()

    def cycle(self, step: int) -> None:
        target = self.sidebar.neighbour(self._current, step)
        if target is not None:
            self.open_conversation(target)

    # -- sending ----------------------------------------------------------------------------

    def _on_send_requested(self, text: str, attachments: list[PendingAttachment]) -> None:
        self.error_bar.hide()
        if self._settings_panel is not None:
            self._settings_panel.flush()
        cid = self._current
        if cid is None:
            try:
                session = self.engine.new_conversation(
                    self._new_chat_settings or self.preferences.conversation_defaults()
                )
            except (StoreError, EngineError) as exc:
                self.error_bar.show_error(display_error(exc), retryable=False)
                return
            cid = session.conversation_id
            self.composer.rekey(str(cid))
            self._current = cid
            self.controller.set_visible(cid)
            self._last_conversation.set(cid)
            self.sidebar.refresh_conversation(cid)
            self.sidebar.select_conversation(cid)
            self.status.set_model(session.settings.model)
        self._pending_turn = (cid, False)
        self.composer.begin_sending()
        self.controller.send(cid, text, [a.path for a in attachments])

    def stop(self) -> None:
        if self._current is not None:
            self.controller.stop(self._current)

    def retry(self) -> None:
        """Retry the failed answer, or resend a turn that never reached the history."""
        self.error_bar.hide()
        if self._retry_target is not None:
            cid, mid = self._retry_target
            self._retry_target = None
            self.controller.retry(cid, mid)
        elif self.composer.text().strip() or self.composer.attachments():
            self.composer.submit()

    def _retry_message(self, message_id: int) -> None:
        if self._current is not None:
            self.error_bar.hide()
            self.controller.retry(self._current, int(message_id))

    def regenerate(self, message_id: int) -> None:
        if self._current is not None:
            self.controller.regenerate(self._current, int(message_id))

    def start_edit(self, message_id: object) -> None:
        """Edit on a user message: its text goes to the composer; sending branches."""
        shown = self.transcript.message(message_id)  # type: ignore[arg-type]
        if shown is not None and shown.is_user and isinstance(message_id, int):
            self.composer.begin_edit(message_id, shown.text)

    def edit_message(self, message_id: int, text: str) -> None:
        if self._current is not None:
            self.controller.edit(self._current, int(message_id), text)

    def show_sibling(self, message_id: int, step: int) -> None:
        """The branch navigator ‹ 2/3 ›: show the sibling *step* away from *message_id*."""
        cid = self._current
        if cid is None or self.controller.is_busy(cid):
            return
        try:
            ids = sibling_ids(self.store, self.store.get_message(int(message_id)))
        except StoreError:
            return
        if int(message_id) not in ids:
            return
        target = ids[(ids.index(int(message_id)) + step) % len(ids)]
        try:
            self.controller.session(cid).select_sibling(target)
        except EngineError as exc:
            self.error_bar.show_error(display_error(exc), retryable=False)
            return
        self._load_generation += 1
        self._load_task = self._spawn(self._load(cid, self._load_generation, None, ""))

    def branch_to_new_conversation(self, message_id: int) -> None:
        cid = self._current
        if cid is None:
            return

        async def branch() -> None:
            try:
                new_id = await self.controller.branch(cid, int(message_id))
            except (EngineError, StoreError) as exc:
                self.error_bar.show_error(display_error(exc), retryable=False)
                return
            self.sidebar.refresh_conversation(new_id)
            self.open_conversation(new_id)

        self._spawn(branch())

    # -- engine events ----------------------------------------------------------------------

    def _release_composer(self, cid: int, *, ended: bool) -> None:
        """Empty the composer once its turn is stored and uploaded; give it back if the
        turn ended before it was stored."""
        if self._pending_turn is None or self._pending_turn[0] != cid:
            return
        stored = self._pending_turn[1]
        if stored or ended:
            self._pending_turn = None
            self.composer.end_sending(accepted=stored)
            self.composer.set_streaming(self.controller.is_busy(cid) and not ended)

    def _on_turn_started(self, cid: int, user_id: int, model_id: int) -> None:
        if self._pending_turn is not None and self._pending_turn[0] == cid:
            # Stored: the transcript shows it (chips with upload progress); empty the composer.
            self._pending_turn = (cid, True)
            self._release_composer(cid, ended=False)
        self.sidebar.refresh_conversation(cid)
        if cid != self._current:
            return
        user = self.store.get_message(user_id)
        reply = self.store.get_message(model_id)
        shown = self.shown_messages()
        ids = [m.id for m in shown]
        new_user = to_transcript(user, *sibling_position(self.store, user_id))
        new_reply = to_transcript(reply, *sibling_position(self.store, model_id))
        if (shown and user.parent_id == ids[-1]) or (not shown and user.parent_id is None):
            # An ordinary send (or the first turn): the path only grows.
            self.transcript.append_message(new_user)
            # Built on the next turn of the loop: one long callback would be two.
            self.transcript.append_message(new_reply, build_now=False)
        else:
            # Retry, regenerate or edit: the path forks at the user message (or its parent).
            keep = ids.index(user.parent_id) + 1 if user.parent_id in ids else 0
            self.transcript.set_messages([*shown[:keep], new_user, new_reply])
        self.transcript.scroll_to_bottom()

    def _on_delta(self, cid: int, message_id: int, text: str) -> None:
        if self._pending_turn is not None:
            self._release_composer(cid, ended=False)
        if cid == self._current:
            self.pacer.push(message_id, text)

    def _on_thought_delta(self, cid: int, message_id: int, text: str) -> None:
        if cid == self._current:
            self.pacer.push_thought(message_id, text)

    def _on_status_changed(self, cid: int, message_id: int, status: str) -> None:
        if status == "streaming":
            self._release_composer(cid, ended=False)
        if cid != self._current or status not in {s.value for s in MessageStatus}:
            return
        shown = self.transcript.message(message_id)
        # Only the cheap, early transitions (sending -> uploading -> streaming) are
        # applied here: re-setting a long streamed message would re-render all of it.
        # Final states arrive with ``finished`` and go through finish_message.
        if shown is not None and shown.status.value != status and not shown.text:
            self.transcript.set_status(message_id, MessageStatus(status))

    def _on_attachment_progress(self, cid: int, user_id: int, name: str, fraction: float) -> None:
        if cid == self._current:
            self.transcript.set_attachment_progress(user_id, name, fraction)

    def _on_uploads_progress(self, cid: int, answer_id: int, files: int, fraction: float) -> None:
        if cid == self._current:
            self.transcript.set_upload_progress(answer_id, files, fraction)

    def _on_connection_changed(self, _cid: int, reachable: bool) -> None:
        # Offline only when no answer came at all; an API error (400, 429, 500) is not.
        if not reachable:
            self._update_connection(failed=True)

    def _on_usage(self, cid: int, message_id: int, usage: object, totals: object) -> None:
        if cid != self._current or not isinstance(usage, dict) or not isinstance(totals, dict):
            return
        self._last_usage = usage
        self.status.set_usage(
            usage,
            conversation_totals=(
                int(totals.get("input", 0)),
                int(totals.get("output", 0)) + int(totals.get("thought", 0)),
            ),
        )

    def _on_notice(self, cid: int, text: str) -> None:
        if cid == self._current:
            self.status.showMessage(text, 8000)

    def _on_failed(self, cid: int, message_id: int, message: str, retryable: bool) -> None:
        if cid != self._current:
            return
        if message_id >= 0 and self.transcript.message(message_id) is not None:
            self._turn_errors[message_id] = message  # inline, once the answer settles
            return
        self._retry_target = (cid, message_id) if message_id >= 0 else None
        self.error_bar.show_error(message, retryable=retryable)

    def _on_refused(self, cid: int, message: str) -> None:
        # Nothing was stored or sent: the composer gets its text and files back.
        self._release_composer(cid, ended=True)
        if cid == self._current:
            self._retry_target = None
            self.error_bar.show_error(message, retryable=False)

    def _on_finished(self, cid: int, message_id: int, status: str) -> None:
        self._release_composer(cid, ended=True)
        self.sidebar.refresh_conversation(cid)
        if status == "complete":
            self._update_connection(ok=True)
        if cid != self._current or message_id < 0:
            return
        self.pacer.when_drained(message_id, lambda: self._show_final(cid, message_id))

    def _show_final(self, cid: int, message_id: int) -> None:
        """The answer's final state, once the pacer handed over all its text."""
        if cid != self._current or self._closed:
            return
        reported = self._turn_errors.pop(message_id, None)
        with contextlib.suppress(StoreError):
            message = self.store.get_message(message_id)
            stored = to_transcript(message, *sibling_position(self.store, message_id))
            shown = self.transcript.message(message_id)
            if shown is not None and shown.text == stored.text:
                # The streamed text is what was saved: only the state changes (no re-render).
                self.transcript.finish_message(
                    message_id, stored.status, error=stored.error, usage=stored.usage
                )
            else:
                self.transcript.update_message(stored)
            # The answer shows its own error with Retry; the bar only gets one that
            # was not saved with it (the history could not be written).
            if reported is None or message.error:
                return
        if reported is not None:
            self.error_bar.show_error(reported, retryable=False)

    def _on_busy_changed(self, cid: int, busy: bool) -> None:
        if cid == self._current:
            self.composer.set_streaming(busy)
            self.actions_by_name["stop"].setEnabled(busy)
        self._update_connection(busy=busy if cid == self._current else None)

    def _update_connection(
        self, *, ok: bool = False, failed: bool = False, busy: bool | None = None
    ) -> None:
        if not self._has_client():
            self.status.set_connection(ConnectionState.NO_KEY)
        elif busy:
            self.status.set_connection(ConnectionState.BUSY)
        elif failed:
            self.status.set_connection(ConnectionState.OFFLINE)
        elif ok or busy is False:
            if self.status.connection_label.property("state") != ConnectionState.OFFLINE.value:
                self.status.set_connection(ConnectionState.CONNECTED)
        else:
            self.status.set_connection(ConnectionState.UNKNOWN)

    def _on_settings_changed(self, settings: object) -> None:
        if not isinstance(settings, ConversationSettings):
            return
        self.status.set_model(settings.model)
        if self._current is None:
            self._new_chat_settings = settings  # applied when the chat is created
            return
        try:
            self.controller.session(self._current).update_settings(settings)
        except (EngineError, StoreError) as exc:
            self.error_bar.show_error(display_error(exc), retryable=False)

    def _update_first_run(self) -> None:
        """Without an API key, a welcome panel takes the transcript's place."""
        if not self._has_client():
            if self.first_run is None:
                from desktop_app.ui.first_run import FirstRunPanel  # only without a key

                self.first_run = FirstRunPanel(self, preferences=self.preferences)
                self.first_run.key_ready.connect(lambda _key: self.set_client(self._make_client()))
                self.first_run.preferences_saved.connect(self.apply_preferences)
                self.center.addWidget(self.first_run)
            self.center.setCurrentWidget(self.first_run)
            self.composer.set_send_blocked(self.first_run.send_blocked_reason())
        else:
            self.center.setCurrentWidget(self.transcript)
            self.composer.set_send_blocked("")

    # -- other actions ----------------------------------------------------------------------

    def focus_search(self) -> None:
        if not self.sidebar.isVisible():
            self.toggle_sidebar(True)
        self.sidebar.search.focus_box()

    def toggle_sidebar(self, visible: bool | None = None) -> None:
        show = (not self.sidebar.isVisible()) if visible is None else bool(visible)
        self.sidebar.setVisible(show)
        self.actions_by_name["toggle_sidebar"].setChecked(show)

    def is_painting(self) -> bool:
        """Streamed text is still queued for the transcript (the pacer is draining)."""
        return not self.pacer.is_idle()

    def shown_messages(self) -> list[TranscriptMessage]:
        """The messages in the transcript, in order (streamed text included)."""
        found = (self.transcript.message(i) for i in self.transcript.message_ids())
        return [m for m in found if m is not None]

    def last_answer_text(self) -> str:
        if self._current is None:
            return ""
        for message in reversed(self.shown_messages()):
            if message.role == "model" and message.text:
                return message.text
        return ""

    def copy_last_answer(self) -> None:
        text = self.last_answer_text()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.status.showMessage(self.tr("Last answer copied."), 3000)

    def rename_current(self) -> None:
        if self._current is not None:
            self.sidebar.rename(self._current)

    def export_current(self) -> None:
        if self._current is not None:
            self.export_conversation(self._current, "md")

    def export_conversation(
        self, conversation_id: int, fmt: str, target: Path | None = None
    ) -> None:
        """Ask where (unless *target*), then write the export in a worker thread."""
        if target is not None:
            self._spawn(self._write_export(conversation_id, fmt, target))
            return
        dialog = QFileDialog(self, self.tr("Export conversation"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters(
            [self.tr("Markdown (*.md)"), self.tr("HTML (*.html)"), self.tr("JSON (*.json)")]
        )
        index = list(EXPORT_SUFFIX).index(fmt) if fmt in EXPORT_SUFFIX else 0
        dialog.selectNameFilter(dialog.nameFilters()[index])
        dialog.setDefaultSuffix(EXPORT_SUFFIX.get(fmt, ".md").lstrip("."))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(path: str) -> None:
            suffix = Path(path).suffix.lower().lstrip(".")
            chosen_fmt = {"md": "md", "markdown": "md", "html": "html", "htm": "html"}.get(
                suffix, "json" if suffix == "json" else fmt
            )
            self._spawn(self._write_export(conversation_id, chosen_fmt, Path(path)))

        dialog.fileSelected.connect(chosen)
        dialog.open()

    async def _write_export(self, conversation_id: int, fmt: str, target: Path) -> None:
        def produce() -> None:
            if fmt == "html":
                text = self.store.export_html(conversation_id)
            elif fmt == "json":
                from desktop_app.store import dump_json

                text = dump_json(self.store.export_json(conversation_id))
            else:
                text = self.store.export_markdown(conversation_id)
            target.write_text(text, encoding="utf-8")

        try:
            await asyncio.to_thread(produce)
        except (OSError, StoreError) as exc:
            self.error_bar.show_error(
                self.tr("The export could not be written: {reason}").format(reason=exc),
                retryable=False,
            )
            return
        self.status.showMessage(self.tr("Exported to {path}").format(path=target), 5000)

    def open_preferences(self) -> None:
        if self.receivers("2preferences_requested()") > 0:
            self.preferences_requested.emit()
            return
        from desktop_app.ui.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self, preferences=self.preferences, theme_manager=self.theme)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.preferences_saved.connect(self.apply_preferences)
        dialog.api_key_changed.connect(lambda: self.set_client(self._make_client()))
        dialog.open()

    def apply_preferences(self, preferences: object) -> None:
        if isinstance(preferences, Preferences):
            self.preferences = preferences
            self.composer.set_send_key(preferences.send_key.value)
            self.theme.set_theme(preferences.theme)
            if self._settings_panel is not None:
                self._settings_panel.set_model_cache(preferences.model_cache)

    def show_shortcuts(self) -> None:
        dialog = shortcuts.ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_about(self) -> None:
        try:
            from desktop_app.ui.about import show_about
        except ImportError:
            QMessageBox.about(
                self,
                self.tr("About Gemdesk"),
                self.tr("Gemdesk — a desktop assistant for the Gemini Interactions API."),
            )
            return
        show_about(self)

    # -- state ------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        splitter = self.settings.value("splitter")
        if isinstance(splitter, QByteArray | bytes):
            self.splitter.restoreState(QByteArray(splitter))
        sidebar_split = self.settings.value("sidebar_splitter")
        if isinstance(sidebar_split, QByteArray | bytes):
            self.sidebar.lists.restoreState(QByteArray(sidebar_split))
        try:
            last = int(str(self.settings.value("last_conversation", 0) or 0))
        except (TypeError, ValueError):
            last = 0
        if last > 0:
            with contextlib.suppress(StoreError):
                self.store.get_conversation(last)
                # Deferred: the loop may not run yet while the window is being built.
                QTimer.singleShot(0, lambda: self._open_if_idle(last))
                self._show(last)
                return
        self._show(None)

    def _start_recovery(self) -> None:
        if self._closed:
            return
        # Only a crash leaves answers in flight: the engine (httpx, TLS) loads then, or
        # with the first request, not at every start.
        try:
            interrupted = self._engine is not None or bool(self.store.messages_in_state())
        except StoreError:
            log.warning("could not look for interrupted answers", exc_info=True)
            return
        if interrupted:
            self._spawn(self._recover())

    def warm_up(self) -> None:
        """Load what the first answer needs (renderer, lexers, network modules), once.

        Started when the user shows intent (types, attaches, opens a conversation with
        messages), not at start-up: an idle window does not carry them, and typing a
        prompt gives the worker thread time to finish before the answer streams.
        """
        if self._warmed or self._closed:
            return
        self._warmed = True
        try:
            warming = self._spawn(self._warm_caches_and_engine())
        except RuntimeError:  # no running loop (closing)
            return
        # A message sent right away waits for it rather than import on this thread.
        self.controller.start_after(warming)
        # The transcript's own warming (shared renderers, a lexer per idle tick) once
        # the worker's is over: side by side, both compiled the same regexes, and the
        # GUI thread's share of it stalled for ~60 ms.
        warming.add_done_callback(lambda _: self._warm_transcript())

    async def _warm_caches_and_engine(self) -> None:
        await asyncio.to_thread(warm_caches)
        try:
            await self.engine_ready()  # the key too: a keychain read is slow the first time
        except (EngineError, StoreError):
            log.warning("preparing the engine failed", exc_info=True)

    def _warm_transcript(self) -> None:
        if not self._closed:
            self.transcript.start_warming()

    async def _recover(self) -> None:
        try:
            # Imports and the key read in a worker thread: the painted window stays
            # responsive (a click on the tray right after start-up is not delayed).
            engine = await self.engine_ready()
            recovered = await engine.recover_interrupted()
        except (EngineError, StoreError):
            log.warning("recovering interrupted answers failed", exc_info=True)
            return
        if self._closed:
            return
        for item in recovered:
            self.sidebar.refresh_conversation(item.conversation_id)
            if item.conversation_id == self._current:
                self._load_generation += 1
                self._load_task = self._spawn(
                    self._load(item.conversation_id, self._load_generation, None, "")
                )
        self.recovery_finished.emit(len(recovered))

    def _open_if_idle(self, conversation_id: int) -> None:
        if self._current == conversation_id and not self._closed:
            self._current = None  # force the load
            self.open_conversation(conversation_id)

    def save_state(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.settings.setValue("sidebar_splitter", self.sidebar.lists.saveState())
        self._last_conversation.set(self._current or 0)
        self._last_conversation.flush()
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Save state and the draft, stop answers (kept as stopped), commit deletions."""
        if self._closed:
            return
        self._closed = True
        if not self._built:  # closed while still an outline: only the geometry to keep
            self.settings.setValue("geometry", self.saveGeometry())
            self.settings.sync()
            return
        self.save_state()
        self.composer.save_draft()
        self.sidebar.shutdown()
        if self._owned_theme:
            self.theme.close()  # stop following the OS scheme before the window goes
        self.controller.stop_all()
        if self._load_task is not None:
            self._load_task.cancel()
        for task in list(self._background):  # recovery, searches, title refreshes
            task.cancel()
        client = self._owned_client
        self._owned_client = None
        if self._owned_store:
            with contextlib.suppress(RuntimeError):
                self._spawn(self._close_owned(client, self.store))
        elif client is not None:
            with contextlib.suppress(RuntimeError):
                self._spawn(self._close_owned(client, None))

    async def _close_owned(self, client: GeminiClient | None, store: HistoryStore | None) -> None:
        await self.controller.wait_idle()
        if client is not None:
            await client.aclose()
        if store is not None:
            store.close()
