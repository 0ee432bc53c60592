"""Extraction of candidate commitments from the plain text of a government work report.

Standard library only; relative imports only, so the package can move (e.g. to
``commitments/extraction/``) unchanged.
"""

from .decode import read_report_text
from .extractor import extract
from .fixture import to_fixture
from .models import (
    Candidate,
    ChapterCandidate,
    Extraction,
    ExtractionError,
    Figure,
    MilestoneCandidate,
    TargetCandidate,
)

__all__ = [
    "Candidate",
    "ChapterCandidate",
    "Extraction",
    "ExtractionError",
    "Figure",
    "MilestoneCandidate",
    "TargetCandidate",
    "extract",
    "read_report_text",
    "to_fixture",
]
