"""Test-wide set-up: headless Qt before anything imports it, deterministic hypothesis."""

from __future__ import annotations

import os

# Qt aborts the whole run (exit 134) when there is no display and no platform set.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from hypothesis import HealthCheck, settings  # noqa: E402

# Derandomised so a run is reproducible on any machine; no deadline, as CI timing varies.
settings.register_profile("leukodesk", derandomize=True, deadline=None, max_examples=300,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "leukodesk"))
