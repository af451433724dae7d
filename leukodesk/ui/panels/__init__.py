"""Panels composed by the main window: inputs, gauge, advice, dose, transfusion, pitfalls."""
