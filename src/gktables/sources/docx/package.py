"""The DOCX package: zip-bomb checks before anything is inflated, then python-docx opens it and the
parts the text and tables need are taken (main document, numbering, styles)."""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...deadline import Deadline
from ...errors import CorruptFileError, MissingDependencyError, TooLargeError
from ...settings import Settings
from .xml import child

if TYPE_CHECKING:  # python-docx is optional: imported when a DOCX is opened
    from docx.opc.part import Part


@dataclass
class DocxParts:
    document: object  # the w:document element
    numbering: object | None = None
    styles: object | None = None
    main_part: Part | None = None  # python-docx part, to resolve w:altChunk relationships


ZIP_CHUNK = 1 << 20


def check_zip(data: bytes, name: str, settings: Settings, deadline: Deadline) -> None:
    """Refuse zip bombs and damaged streams before python-docx inflates anything: every part is
    inflated here in chunks with a running byte cap (max_docx_xml_bytes a part, 4× in all), never
    trusting the sizes the zip headers claim; a stream that does not inflate is a clear error."""
    limit = settings.max_docx_xml_bytes
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                size = 0
                with archive.open(info) as part:
                    while chunk := part.read(ZIP_CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        if size > limit or total > 4 * limit:
                            raise TooLargeError(name, f"the DOCX inflates to more than {min(size, total):,} bytes "
                                                      f"(part {info.filename!r}); above the limit set by "
                                                      f"max_docx_xml_bytes={limit:,} (4× for the whole archive)")
                        deadline.check("inflating the DOCX")
    except TooLargeError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, NotImplementedError,
            OSError, RuntimeError) as exc:  # damaged streams, unknown compression, encrypted members
        raise CorruptFileError(name, f"not a readable DOCX: the zip archive is damaged ({type(exc).__name__}: {exc}); "
                                     "re-save it from Word/WPS") from exc


def package_to_parts(data: bytes, name: str) -> DocxParts:
    """Open the package with python-docx and take the parts the text and tables need."""
    try:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.exceptions import PackageNotFoundError
        from docx.opc.package import OpcPackage
    except ImportError as exc:
        raise MissingDependencyError("python-docx") from exc
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, huge_tree=False, no_network=True)

    def element_of(part):
        element = getattr(part, "element", None)
        return element if element is not None else etree.fromstring(part.blob, parser)

    try:
        package = OpcPackage.open(io.BytesIO(data))
        main = package.main_document_part
        document = element_of(main)
        related = {}
        for rel in main.rels.values():
            if not rel.is_external and rel.reltype in (RT.NUMBERING, RT.STYLES):
                related[rel.reltype] = element_of(rel.target_part)
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise CorruptFileError(name, f"not a readable DOCX ({type(exc).__name__}: {exc}); "
                                     "re-save it from Word/WPS as .docx") from exc
    if child(document, "body") is None:
        raise CorruptFileError(name, "the DOCX has no document body (w:body); re-save it from Word/WPS")
    return DocxParts(document, related.get(RT.NUMBERING), related.get(RT.STYLES), main)

