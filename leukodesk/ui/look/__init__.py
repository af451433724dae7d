"""The look of the window: themes and the stylesheet as data (``theme``), the View menu's
theme, zoom and presentation mode (``appearance``), and presentation mode's room and its
end (``presentation``). No clinical code.
"""
