"""The models package's shape: the supervision models depend on the core models only through the app
registry, so neither module imports the other and either can be imported first."""

import ast
from pathlib import Path

import commitments
from commitments import models
from commitments.supervision import models as supervision_models

APP = Path(commitments.__file__).parent


def imported_modules(path: Path) -> set[str]:
    """The modules a file imports, relative imports resolved against its package."""
    package = ".".join(path.relative_to(APP.parent).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            found.add(".".join(part for part in (base, node.module) if part))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_supervision_models_import_nothing_from_the_core_models():
    imports = imported_modules(APP / "supervision" / "models.py")
    assert not {name for name in imports if name.startswith("commitments.models")}


def test_core_model_modules_do_not_import_the_supervision_models():
    for path in (APP / "models").glob("*.py"):
        if path.name != "__init__.py":
            assert "commitments.supervision.models" not in imported_modules(path), path.name


def test_every_model_is_importable_from_commitments_models():
    from django.apps import apps

    for model in apps.get_app_config("commitments").get_models():
        if not model.__name__.startswith("Historical"):
            assert getattr(models, model.__name__) is model


def test_supervision_models_belong_to_the_commitments_app():
    assert supervision_models.Acceptance._meta.app_label == "commitments"
    assert models.Acceptance is supervision_models.Acceptance
