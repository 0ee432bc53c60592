"""The benchmark and its tools, outside the app: the synthetic data (synthetic.py, seeded by seed.py), the
baseline views (views.py, routed by urls.py only under settings.py) and the runs (run.py, summary.py,
extraction.py)."""
