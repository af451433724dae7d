"""Theme, zoom and presentation mode of the window (the View menu), applied to the whole
application: its palette, its font and the one stylesheet rendered for the theme.

- Themes (light, dark, high contrast) come from resources/themes.json through
  :mod:`leukodesk.ui.look.theme`; the painted parts (gauge, fence tones) take their colours
  from the same data.
- Zoom scales the application font; every widget, the painted ones included, sizes
  itself from its font. Ctrl+plus (or Ctrl+=), Ctrl+minus, Ctrl+0.
- Presentation mode (F11, or the toolbar's button) shows the window full screen in the
  high-contrast theme with every font scaled for the screen
  (:func:`~leukodesk.ui.look.presentation.presentation_scale`) and the results given the
  whole width: the inputs are a drawer, opened and closed with F9 or the toolbar's
  "Inputs" button while presenting; Esc (or F11 again) restores the theme, zoom,
  window state and geometry and splitter sizes as they were (the sharing and the putting back:
  :mod:`leukodesk.ui.look.presentation`). The theme and zoom that are kept
  between sessions are the user's own choice, never presentation mode's.

Nothing here runs per keystroke: a change of look re-styles the window once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QActionGroup, QFont, QFontMetricsF, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QToolBar,
)

from leukodesk.ui.fence import TonedFence, set_tones
from leukodesk.ui.look import theme as themes
from leukodesk.ui.look.presentation import (
    Before,
    PutBack,
    presentation_scale,
    share_results,
    show_dose_inputs,
)
from leukodesk.ui.look.room import fit_width
from leukodesk.ui.window_actions import window_action

if TYPE_CHECKING:
    from leukodesk.ui.settings_store import UiPreferences

_platform_font: QFont | None = None


def skip_needless_shaping() -> None:
    """Let the application's text skip OpenType shaping where its script does not need it
    (``QFont.PreferNoShaping``): Latin letters, digits and symbols then go to glyphs
    directly, with the font's kerning, instead of through HarfBuzz. The text looks the
    same; a keystroke costs about an eighth less to lay out and paint (bench/bench_ui.py).
    Scripts that need shaping are shaped whatever the flag says.

    Called before the window's widgets are created: a widget takes the strategy from the
    application font when it is created, and a later application font brings the zoom's
    size but not the strategy to widgets the stylesheet has styled."""
    font = QApplication.font()
    if not font.styleStrategy() & QFont.StyleStrategy.PreferNoShaping:
        font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
        QApplication.setFont(font)


def platform_font() -> QFont:
    """The application font before any zoom (read once, at the first styling)."""
    global _platform_font
    if _platform_font is None:
        _platform_font = QFont(QApplication.font())
        _platform_font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    return QFont(_platform_font)


def scaled_font(scale: float) -> QFont:
    """The platform font times ``scale``."""
    font = platform_font()
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    else:
        font.setPixelSize(max(1, round(font.pixelSize() * scale)))
    return font


def style_application(app: QApplication, name: str, scale: float) -> None:
    """Palette, font and stylesheet of theme ``name`` at ``scale`` for the application.
    The stylesheet is set last and always anew: it is what carries a new font to the
    widgets it styles (an application font alone does not reach them)."""
    font = scaled_font(scale)
    known = themes.themes()
    theme = known.get(name) or known.get(themes.DEFAULT_THEME)
    if theme is None:  # no themes.json: the platform's colours, the zoom still works
        app.setFont(font)
        return
    app.setPalette(themes.palette(theme.name))
    if app.font() != font:
        app.setFont(font)
    size = font.pointSizeF() if font.pointSizeF() > 0 else font.pixelSize() * 0.75
    indicator = round(QFontMetricsF(font).height() * 0.7)  # a check box beside its text
    app.setStyleSheet(themes.stylesheet(theme, size * themes.SMALL_TEXT,
                                        f"{theme.name} at {scale:.3f}", indicator))


class Appearance(QObject):
    """The look of one window: the user's theme and zoom, and presentation mode."""

    def __init__(self, window: QMainWindow, theme: str, zoom: float) -> None:
        super().__init__(window)
        self.window = window
        self.theme = theme if theme in themes.themes() else themes.DEFAULT_THEME
        self.zoom = themes.clamp_zoom(zoom)
        self._before: Before | None = None
        self._presented_zoom = self.zoom  # zoom changes while presenting stay there
        self._putting_back: PutBack | None = None
        self._drawer_open = False  # the inputs' drawer, while presenting
        self._actions()

    # --- what is shown -------------------------------------------------------------------
    @property
    def presenting(self) -> bool:
        return self._before is not None

    def shown_theme(self) -> str:
        return themes.HIGH_CONTRAST if self.presenting else self.theme

    def shown_scale(self) -> float:
        """The font scale on screen: the zoom, times the screen's presentation scale
        when presenting."""
        if self.presenting:
            return self._presented_zoom * presentation_scale(self.window.screen().size())
        return self.zoom

    def apply(self) -> None:
        """Style the application and repaint the window's painted parts for the look."""
        name = self.shown_theme()
        style_application(QApplication.instance(), name, self.shown_scale())
        if name in themes.themes():
            self.window.gauge.set_colours(themes.gauge_colours(name))
            self.window.trend.set_colours(themes.trend_colours(name))
            set_tones(themes.tones(name))
        for fence in self.window.findChildren(TonedFence):  # the fences that paint a tone
            fence.update()
        if self.window.isVisible():  # (the first styling comes before the first paint)
            # Qt colours a link when its text is parsed, from the palette of that moment.
            for label in self.window.findChildren(QLabel):
                text = label.text()
                if "<a " in text:
                    label.setText("")
                    label.setText(text)
            # Lay out at the new font now (not at the next turn of the event loop): the
            # sizes below, and a window geometry put back after this, need them.
            for _ in range(3):  # fences settle, then their panels, then the window
                QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        scroll = self.window.findChild(QScrollArea, "inputs_scroll")
        if scroll is not None:  # as wide as its fields
            fit_width(scroll)
        if not self.presenting and hasattr(self.window, "room"):
            self.window.room.share()  # the new font's room for the first recommendation
        for action in self.theme_actions.actions():
            action.setChecked(action.data() == name)
            action.setEnabled(not self.presenting)
        self.present_action.setChecked(self.presenting)
        self.leave_action.setEnabled(self.presenting)
        self.drawer_action.setEnabled(self.presenting)
        self.drawer_action.setVisible(self.presenting)
        self.drawer_action.setChecked(self.presenting and self._drawer_open)

    # --- the user's choices --------------------------------------------------------------
    def set_theme(self, name: str) -> None:
        if name not in themes.themes():
            raise ValueError(f"no theme named {name!r}")
        self.theme = name
        self.apply()

    def set_zoom(self, zoom: float) -> None:
        """The user's zoom, or presentation mode's own while presenting (not kept)."""
        zoom = themes.clamp_zoom(zoom)
        if self.presenting:
            self._presented_zoom = zoom
        else:
            self.zoom = zoom
        self.apply()

    def current_zoom(self) -> float:
        return self._presented_zoom if self.presenting else self.zoom

    # --- presentation mode ---------------------------------------------------------------
    def enter_presentation(self) -> None:
        if self.presenting:
            return
        if self._putting_back is not None:  # the last presentation's end is over
            self._putting_back.stop()  # (clears _putting_back through its ended signal)
        w = self.window
        self._before = Before(w.windowState(), w.normalGeometry(),
                               {s: s.sizes() for s in self._splitters()})
        self._presented_zoom = self.zoom
        self._drawer_open = False
        drawer = w.split.widget(0)
        if drawer.isAncestorOf(QApplication.focusWidget()):
            w.advice.list.setFocus(Qt.FocusReason.OtherFocusReason)  # not into a closed drawer
        drawer.hide()
        w.showFullScreen()  # first: the larger text then wraps at the screen's width
        self.apply()
        self._share_results()
        # Full screen comes when the window system says so: share the width again then,
        # and once the texts have settled.
        w.split.installEventFilter(self)
        for ms in (0, 100, 300):
            QTimer.singleShot(ms, self._settle_presentation)

    @Slot()
    def _settle_presentation(self) -> None:
        """Full screen still (a window grown past the screen by its larger minimum has
        left it), and the width shared again."""
        if self.presenting and not self.window.isFullScreen():
            self.window.setWindowState(self.window.windowState()
                                       | Qt.WindowState.WindowFullScreen)
        self._share_results()

    def _splitters(self) -> list[QSplitter]:
        """Inputs | results, and the results' own (advice beside the tabs, and those
        over the transfusion and dose row)."""
        return [self.window.split, *self.window.results.findChildren(QSplitter)]

    def _share_results(self) -> None:
        if self.presenting:
            share_results(self.window, self._drawer_open)

    def set_drawer_open(self, shown: bool) -> None:
        """Open or close the inputs' drawer while presenting; opened, the focus goes to
        the first number field, closed, out of the drawer to the advice."""
        if not self.presenting:
            return
        self._drawer_open = shown
        self.drawer_action.setChecked(shown)
        self._share_results()
        w = self.window
        if shown:
            w.number_chain[0].setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif w.split.widget(0).isAncestorOf(QApplication.focusWidget()):
            w.advice.list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.Resize and self.presenting:
            QTimer.singleShot(0, self._share_results)  # once the splitter has laid out
        return False

    def leave_presentation(self) -> None:
        before, self._before = self._before, None
        if before is None:
            return
        w = self.window
        w.split.removeEventFilter(self)
        self._drawer_open = False
        w.split.widget(0).show()  # the inputs back in their column
        show_dose_inputs(w, True)
        self.apply()
        w.layout().activate()  # the smaller minimums, or the old geometry would not fit
        if before.state & Qt.WindowState.WindowMaximized:
            w.showMaximized()
        elif before.state & Qt.WindowState.WindowFullScreen:
            w.showFullScreen()
        else:
            w.showNormal()
        normal = not before.state & (Qt.WindowState.WindowMaximized
                                     | Qt.WindowState.WindowFullScreen)
        self._putting_back = PutBack(w, before.geometry if normal else None, before.sizes)
        self._putting_back.ended.connect(self._on_put_back_ended)

    @Slot()
    def _on_put_back_ended(self) -> None:
        """The put-back is over and about to be deleted: forget it (stopping it again at
        the next presentation would reach a deleted object)."""
        self._putting_back = None

    # --- the View menu and the toolbar ---------------------------------------------------
    def _actions(self) -> None:
        w = self.window
        menu = w.view_menu
        theme_menu = menu.addMenu("&Theme")
        self.theme_actions = QActionGroup(self)
        self.theme_actions.setExclusive(True)
        for t in themes.themes().values():
            action = QAction(f"&{t.label}", self, checkable=True)
            action.setData(t.name)
            action.setObjectName(f"theme_{t.name}_action")
            action.setChecked(t.name == self.theme)
            action.triggered.connect(self._on_theme_triggered)
            self.theme_actions.addAction(action)
            theme_menu.addAction(action)
        menu.addSeparator()
        self.zoom_in_action = window_action(
            w, "Zoom &in", "zoom_in_action",
            _keys(QKeySequence.StandardKey.ZoomIn, "Ctrl++", "Ctrl+="),
            self._on_zoom_in_triggered, "Larger text everywhere")
        self.zoom_out_action = window_action(
            w, "Zoom &out", "zoom_out_action", _keys(QKeySequence.StandardKey.ZoomOut, "Ctrl+-"),
            self._on_zoom_out_triggered, "Smaller text everywhere")
        self.zoom_reset_action = window_action(
            w, "&Actual size", "zoom_reset_action", "Ctrl+0", self._on_zoom_reset_triggered,
            "Text at the system's size")
        menu.addSeparator()
        self.present_action = window_action(
            w, "&Presentation mode", "presentation_action", "F11", None,
            "Full screen, large high-contrast text, results enlarged, for a projector; "
            "Esc leaves it")
        self.present_action.setCheckable(True)
        self.present_action.toggled.connect(self._on_present_toggled)
        self.leave_action = window_action(
            w, "&Leave presentation mode", "leave_presentation_action",
            QKeySequence(Qt.Key.Key_Escape), self._on_leave_triggered,
            "Back to the theme, zoom and window as they were")
        self.leave_action.setEnabled(False)
        self.drawer_action = window_action(
            w, "&Inputs", "inputs_drawer_action", "F9", None,
            "Show or hide the inputs while presenting; the status line below sums them up")
        self.drawer_action.setIconText("Inputs (F9)")  # the toolbar's button names its key
        self.drawer_action.setCheckable(True)
        self.drawer_action.setEnabled(False)
        self.drawer_action.setVisible(False)
        self.drawer_action.toggled.connect(self._on_drawer_toggled)
        # window_action has added them to the window (the shortcuts work wherever the
        # focus is in it); the tool tips name the first key as well.
        for action in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action,
                       self.present_action, self.leave_action, self.drawer_action):
            menu.addAction(action)
            key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{action.text().replace('&', '')} ({key}): "
                              f"{action.statusTip()}")
        # Beside the menus, not below them: no room is taken from the results.
        bar = self.toolbar = QToolBar("View", w.menuBar())
        bar.setObjectName("view_toolbar")
        bar.setAccessibleName("Presentation and zoom")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for action in (self.drawer_action, self.zoom_out_action, self.zoom_in_action,
                       self.present_action):
            bar.addAction(action)
        w.menuBar().setCornerWidget(bar, Qt.Corner.TopRightCorner)

    @Slot()
    def _on_theme_triggered(self) -> None:
        action = self.theme_actions.checkedAction()
        if action is not None and not self.presenting:
            self.set_theme(action.data())

    @Slot()
    def _on_zoom_in_triggered(self) -> None:
        self.set_zoom(themes.zoom_in(self.current_zoom()))

    @Slot()
    def _on_zoom_out_triggered(self) -> None:
        self.set_zoom(themes.zoom_out(self.current_zoom()))

    @Slot()
    def _on_zoom_reset_triggered(self) -> None:
        self.set_zoom(1.0)

    @Slot(bool)
    def _on_present_toggled(self, on: bool) -> None:
        if on:
            self.enter_presentation()
        else:
            self.leave_presentation()

    @Slot(bool)
    def _on_drawer_toggled(self, on: bool) -> None:
        if on != self._drawer_open:
            self.set_drawer_open(on)

    @Slot()
    def _on_leave_triggered(self) -> None:
        self.leave_presentation()


def _keys(standard: QKeySequence.StandardKey, *more: str) -> list[QKeySequence]:
    """The platform's keys for ``standard`` and ``more``, each once (a key given twice to
    one action makes it ambiguous, and it then never fires)."""
    keys: dict[str, QKeySequence] = {}
    for key in [*QKeySequence.keyBindings(standard), *map(QKeySequence, more)]:
        keys.setdefault(key.toString(), key)
    return list(keys.values())


def install_appearance(window: QMainWindow, prefs: UiPreferences) -> Appearance:
    """The View menu's theme, zoom and presentation mode for ``window``, starting from the
    stored preferences. ``window`` must have ``view_menu``, ``gauge`` (the severity
    gauge), ``trend`` (the Trend tab, its plot), ``split`` (inputs | results) and
    ``results``. Nothing is styled until
    :meth:`Appearance.apply` (the start-up styles the finished window once:
    leukodesk.ui.run.apply_style)."""
    return Appearance(window, prefs.theme, prefs.zoom)
