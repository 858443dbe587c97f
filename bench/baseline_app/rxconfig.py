"""The blank Reflex app `make bench` compares the product's first page with (bench/common.py BaselineServer)."""

import reflex as rx

config = rx.Config(app_name="baseline_app", telemetry_enabled=False, show_built_with_reflex=False)
