"""Opening a PDF: pdfium first, pdfminer (through pdfplumber) when pdfium refuses it; every
failure named (empty, not a PDF, encrypted, damaged, no pages). Pages come one at a time under the
document's deadline: characters at once, rulings and images when asked."""

from __future__ import annotations

import io
import logging
import struct
import zlib

from ...deadline import Deadline
from ...errors import CorruptFileError, EncryptedFileError
from ...pdfium_guard import pdfium_lock
from .objects import (PageObjects, page_frame, pdfium_page_to_chars, pdfium_page_to_clips, pdfium_page_to_images,
                      pdfium_page_to_rulings_and_images, plumber_page_to_objects)
from .text import median_glyph_size

log = logging.getLogger(__name__)


class PdfPage:
    """One page of an open document: characters at once, rulings and images on demand."""

    def __init__(self, number: int, objs: PageObjects, load_graphics):
        self.number = number
        self.objs = objs
        self._load_graphics = load_graphics  # (with_rulings: bool) -> (rulings | None, images, clips)

    def load_graphics(self, with_rulings: bool) -> PageObjects:
        """Images; with the rulings, also the clips of the text (a table page's)."""
        rulings, images, clips = self._load_graphics(with_rulings)
        self.objs.rulings, self.objs.images, self.objs.clips = rulings, images, clips
        return self.objs


class PdfDocument:
    """A PDF opened with pdfium, or with pdfplumber (pdfminer) when pdfium refuses it."""

    def __init__(self, name: str, pdfium_doc=None, plumber_doc=None):
        self.name = name
        self.pdfium_doc = pdfium_doc
        self.plumber_doc = plumber_doc
        self.backend = "pdfium" if pdfium_doc is not None else "pdfplumber"

    def __len__(self) -> int:
        if self.pdfium_doc is None:
            return len(self.plumber_doc.pages)
        with pdfium_lock():
            return len(self.pdfium_doc)

    def _pdfium_page(self, index: int):
        import pypdfium2 as pdfium

        try:
            return self.pdfium_doc[index]
        except pdfium.PdfiumError as exc:  # a page tree that loops, a page object that is no page
            raise CorruptFileError(self.name, f"page {index + 1} cannot be loaded ({exc}); the PDF's page tree "
                                              "is damaged: get a complete copy, or repair it "
                                              "(e.g. qpdf in.pdf out.pdf)") from exc

    def close(self) -> None:
        if self.pdfium_doc is not None:
            with pdfium_lock():
                self.pdfium_doc.close()
        if self.plumber_doc is not None:
            self.plumber_doc.close()

    def pages(self, deadline: Deadline):
        """Yield every page as a :class:`PdfPage` (closing pdfium pages after use)."""
        for index in range(len(self)):
            deadline.check_now(f"page {index + 1} of {len(self)}")
            if self.pdfium_doc is not None:
                with pdfium_lock():
                    page = self._pdfium_page(index)
                try:
                    with pdfium_lock():
                        frame = page_frame(page)
                        chars, errors = pdfium_page_to_chars(page, frame)
                    objs = PageObjects(index + 1, frame.width, frame.height, chars, unicode_errors=errors)
                    thin = max(2.0, 0.3 * median_glyph_size(chars))

                    def load(with_rulings: bool, page=page, frame=frame, thin=thin):
                        with pdfium_lock():
                            if with_rulings:
                                rulings, images = pdfium_page_to_rulings_and_images(page, frame, thin=thin)
                                return rulings, images, pdfium_page_to_clips(page, frame)
                            return None, pdfium_page_to_images(page, frame), []

                    yield PdfPage(index + 1, objs, load)
                finally:
                    with pdfium_lock():
                        page.close()
            else:
                page = self.plumber_doc.pages[index]
                try:
                    objs = plumber_page_to_objects(page)
                except Exception as exc:  # pdfminer raises many kinds on damaged content
                    raise CorruptFileError(self.name, f"page {index + 1} cannot be parsed ({exc!r}); "
                                                      f"get a complete copy of the PDF") from exc
                full = (objs.rulings, objs.images, objs.clips)  # (pdfminer's clips are not read)
                yield PdfPage(index + 1, objs, lambda with_rulings, full=full: full)
                page.close()


def open_pdf(data: bytes, name: str) -> PdfDocument:
    """Open a PDF, or raise a clear error naming the file (the empty password is tried first).

    pdfium reads it; a file pdfium refuses as malformed is tried once more with pdfminer (via
    pdfplumber), which is slower but forgives other faults.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    if not data:
        raise CorruptFileError(name, "the file is empty (0 bytes); get a complete copy of the PDF")
    if b"%PDF-" not in data[:1024]:
        raise CorruptFileError(name, "this is not a PDF (no %PDF- header in its first 1024 bytes); "
                                     "check the file's type")
    try:
        with pdfium_lock():
            opened = pdfium.PdfDocument(data)  # pdfium tries the empty password
        doc = PdfDocument(name, pdfium_doc=opened)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedFileError(name, "the PDF is password-protected and the empty password does not "
                                           "open it; decrypt it first (e.g. qpdf --decrypt --password=PW "
                                           "in.pdf out.pdf)") from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedFileError(name, "the PDF uses an unsupported security handler; decrypt it "
                                           "first with the tool that made it") from exc
        doc = _open_with_pdfminer(data, name, exc)
    if len(doc) == 0:
        doc.close()
        raise CorruptFileError(name, "the PDF has no pages; get a complete copy of the report")
    return doc


def _open_with_pdfminer(data: bytes, name: str, pdfium_error: Exception) -> PdfDocument:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    damaged = (f"the PDF is damaged or truncated and cannot be parsed ({pdfium_error}); "
               f"get a complete copy, or repair it (e.g. qpdf in.pdf out.pdf)")
    try:
        plumber = pdfplumber.open(io.BytesIO(data))
        n_pages = len(plumber.pages)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise EncryptedFileError(name, "the PDF is password-protected and the empty password does not "
                                       "open it; decrypt it first") from exc
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError, IndexError,
            struct.error, zlib.error, RecursionError) as exc:
        raise CorruptFileError(name, damaged) from exc
    except Exception as exc:  # pdfplumber wraps some pdfminer errors in its own types
        if type(exc).__name__ in ("PdfminerException", "PSSyntaxError", "PDFException"):
            raise CorruptFileError(name, damaged) from exc
        raise
    if n_pages == 0:
        plumber.close()
        raise CorruptFileError(name, "the PDF has no pages; get a complete copy of the report")
    log.warning("%s: pdfium could not open the PDF (%s); reading it with pdfminer (slower)", name, pdfium_error)
    return PdfDocument(name, plumber_doc=plumber)

