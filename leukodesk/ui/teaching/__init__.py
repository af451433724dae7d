"""Teaching in the window: the Cases menu and own case files (``case_menu``, with
``case_dialog`` and ``case_library``, which writes a case file from the draft), the
vignette pane and reveal step by step (``reveal``).

``case_menu`` and ``reveal`` load with the window; the rest when first used.
"""
