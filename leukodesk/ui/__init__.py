"""LeukoDesk Qt Widgets user interface (depends on leukodesk.core, never the reverse)."""
