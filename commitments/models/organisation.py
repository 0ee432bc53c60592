"""Who answers for commitments: departments, their staff's logins, the district's leaders."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import DepartmentKind


class DepartmentManager(models.Manager):
    def get_by_natural_key(self, name: str) -> Department:
        return self.get(name=name)


class Department(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.BUREAU)
    contact_email = models.EmailField(_("contact email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Moves on every save (services/versions.py): an edit names the version it was made from.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = DepartmentManager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.name,)


class StaffProfile(models.Model):
    """Links a login to the department it works for; reporters write updates for that department's commitments."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="staff_profile", verbose_name=_("user")
    )
    department = models.ForeignKey(Department, models.PROTECT, related_name="staff", verbose_name=_("department"))

    class Meta:
        ordering = ["department__name", "user__username"]
        verbose_name = _("department membership")
        verbose_name_plural = _("department memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.department}"


class Leader(models.Model):
    """A district leader who answers for commitments (区领导联系重点项目机制)."""

    name = models.CharField(_("name"), max_length=50)
    position = models.CharField(_("position"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # Moves on every save (services/versions.py): an edit names the version it was made from.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("responsible leader")
        verbose_name_plural = _("responsible leaders")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "position"],
                name="leader_unique_name_position",
                violation_error_message=_("A leader with this name and position already exists."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.position}）" if self.position else self.name


class ReportingCompleteness(Department):
    """The supervision admin's completeness page (reports expected, submitted, approved, missing, late per
    department). A proxy must subclass its model, so it lives beside Department: in supervision/models.py it
    would make that module import the core models, which import it."""

    class Meta:
        proxy = True
        verbose_name = _("reporting completeness")
        verbose_name_plural = _("reporting completeness")
