"""The supervision (督办) workflow: acceptance, reporting cadence, reminders, computed targets, forecasts.

Pure rules (no database) live in periods.py, pace.py, colours.py, forecast.py and stages.py; the models in
models.py; writes in services.py; reads in selectors.py; the digest e-mails in reminders.py.
See docs/supervision.md for the rules in prose.
"""
