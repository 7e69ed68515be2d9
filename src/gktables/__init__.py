"""gktables: the statistics tables of 政府信息公开工作年度报告, recovered from any form a report takes."""

from .api import extract, extract_text
from .errors import (CorruptFileError, EncryptedFileError, GktablesError, InputError, MissingDependencyError,
                     NotAReportError, SettingsError, TooLargeError, UnsupportedFormatError)
from .report import CheckResult, Provenance, Report, ReportWarning
from .schema import Template, load_schema
from .settings import Settings

__version__ = "0.1.0"
__all__ = [
    "extract", "extract_text", "Report", "Provenance", "CheckResult", "ReportWarning", "Settings", "Template",
    "load_schema", "GktablesError", "InputError", "UnsupportedFormatError", "EncryptedFileError", "CorruptFileError",
    "NotAReportError", "TooLargeError", "SettingsError", "MissingDependencyError",
]
