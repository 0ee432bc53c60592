"""The supervision office's working UI.

Rule-bearing saves, deletes and actions call the services; which object a user may see or touch comes
from permissions.py. Nothing here decides a rule on its own.
"""

from django.contrib import admin

from ..supervision.admin import register as register_supervision
from . import commitment_admin, commitment_parts_admin, project_admin, report_admin, update_admin  # noqa: F401 - registers

register_supervision(admin.site)
