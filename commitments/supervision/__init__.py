"""The supervision (督办) workflow: acceptance, reporting cadence, reminders, computed targets, forecasts.

Pure rules (no database) live in periods.py, pace.py, colours.py and forecast.py; computed targets (the
count of sub-items that reached a template stage, or a sum) in computed.py; the models in models.py;
writes in services.py; reads in selectors.py; the digest e-mails in reminders.py.
See docs/supervision.md for the rules in prose.
"""
