"""The status line says what the result rests on; a message about something done (a case
opened, a note copied) may cover it only until the next change."""

from __future__ import annotations

from leukodesk.ui.panels.status import COMPUTED_FROM, STATUS_HEAD


def test_a_message_covers_the_status_line_only_until_the_next_change(user, window, qtbot):
    window.cases.open_shipped("fn_at_38_3_no_high_risk")
    bar = window.statusBar()
    assert bar.currentMessage().startswith("Opened")
    assert window.status.text().startswith(STATUS_HEAD + COMPUTED_FROM)
    user.type("platelets", "15")
    assert bar.currentMessage() == ""
    assert window.status.isVisibleTo(window)
    assert "plt 15" in window.status.text()
