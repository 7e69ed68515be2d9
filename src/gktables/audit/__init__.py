"""Audits beyond one table's arithmetic: the report's prose against its tables, the report's
identity, year against year over an agency's series, and agency against agency (summary, HTML)."""

from .corpus import audit_reports, audit_store
from .findings import Finding
from .identity import Identity, read_identity
from .prose import prose_checks

__all__ = ["Finding", "Identity", "audit_reports", "audit_store", "prose_checks", "read_identity"]
