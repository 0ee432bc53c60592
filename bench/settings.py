"""The app's settings plus the benchmark's baseline views: DJANGO_SETTINGS_MODULE=bench.settings.

bench/run.py sets it for itself and for the gunicorn it starts; the product's settings (tracker.settings)
never route the baselines.
"""

from tracker.settings import *  # noqa: F403 - the app as it runs in production, but for the urls below

ROOT_URLCONF = "bench.urls"
