"""LeukoDesk: an offline calculator for leukopenia and neutropenia."""

__version__ = "0.1.0"
