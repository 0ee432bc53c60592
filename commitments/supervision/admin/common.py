"""What the supervision pages share: applying a service to each selected row, the confirmation page of
an action that needs input, and the escalation colour's badge."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ...choices import Colour

COLOUR_CSS = {
    Colour.RED: "#dc2626",
    Colour.YELLOW: "#ca8a04",
    Colour.BLUE: "#2563eb",
    Colour.NONE: "#9ca3af",
}


def _errors(error: ValidationError) -> str:
    return "；".join(error.messages)


def apply_to_each(modeladmin, request, queryset, call, success) -> None:
    """Applies a service to each selected row; reports successes and every refusal by row."""
    done = 0
    for obj in queryset:
        try:
            call(obj)
        except PermissionDenied as error:
            modeladmin.message_user(request, f"{obj}: {error}", messages.ERROR)
        except ValidationError as error:
            modeladmin.message_user(request, f"{obj}: {_errors(error)}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, success % {"count": done}, messages.SUCCESS)


def action_input_page(modeladmin, request, queryset, form, title: str, action: str):
    """The confirmation page of an action that needs input (the engine's template); posting it runs the
    action again with "apply" set."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": title,
        "button": _("Confirm"),
        "form": form,
        "objects": queryset,
        "action": action,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/commitments/action_confirmation.html", context)


def colour_badge(colour: str) -> str:
    return format_html(
        '<span style="color:#fff;background:{};border-radius:3px;padding:1px 6px">{}</span>',
        COLOUR_CSS.get(colour, COLOUR_CSS[Colour.NONE]),
        Colour(colour).label,
    )
