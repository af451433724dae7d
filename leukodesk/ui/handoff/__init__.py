"""Results off the screen: copy note, PDF, print and the pharmacist's dose worksheet.

``actions`` (the File menu's hand-off actions) loads with the window; ``dialog`` (paper,
label, file, printer), ``paper`` (the page plan) and ``pdf`` (painting) load with the
first hand-off made.
"""
