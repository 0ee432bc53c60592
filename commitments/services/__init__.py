"""Writes that carry rules. The admin, the API, the pages and the commands call these."""

from .commitments import (
    COMMITMENT_FIELDS,
    VersionConflict,
    commitment_create,
    commitment_delete,
    commitment_override_clear,
    commitment_override_status,
    commitment_update,
    milestone_delete,
    milestone_save,
    refresh_deferred,
    target_delete,
    target_save,
)
from .demo import DEMO_PASSWORD, DemoLogin, demo_users_ensure
from .evidence import FILE_TYPES, INLINE_CONTENT_TYPES, evidence_delete, evidence_file_check, evidence_link_check
from .reference import reference_delete, reference_save
from .tracking import Drift, FieldChange, commitment_recompute, recompute_all
from .updates import (
    as_of_floor,
    update_approve,
    update_create,
    update_delete,
    update_edit,
    update_return,
    update_submit,
    update_validate,
)

__all__ = [
    "COMMITMENT_FIELDS",
    "DEMO_PASSWORD",
    "FILE_TYPES",
    "INLINE_CONTENT_TYPES",
    "DemoLogin",
    "Drift",
    "FieldChange",
    "VersionConflict",
    "as_of_floor",
    "commitment_create",
    "commitment_delete",
    "commitment_override_clear",
    "commitment_override_status",
    "commitment_recompute",
    "commitment_update",
    "demo_users_ensure",
    "evidence_delete",
    "evidence_file_check",
    "evidence_link_check",
    "milestone_delete",
    "milestone_save",
    "recompute_all",
    "refresh_deferred",
    "reference_delete",
    "reference_save",
    "target_delete",
    "target_save",
    "update_approve",
    "update_create",
    "update_delete",
    "update_edit",
    "update_return",
    "update_submit",
    "update_validate",
]
