"""DOCX source: a Word (or WPS) .docx → :class:`Layout`; legacy .doc/.wps/.rtf via LibreOffice.

python-docx opens the package (relationships, parts); the table XML is read here, because
python-docx's cell API repeats merged cells instead of giving their spans. The stages:

    sniff_word_file          zip (DOCX) / OLE2 (.doc, .wps) / RTF / HTML or MHTML saved as .doc
    convert_legacy_to_docx   LibreOffice headless, in a temporary directory
    package_to_parts         the main document, numbering and styles XML (sizes checked first)
    container_content        paragraphs, tables, text boxes and imported chunks (w:altChunk)
                             in document order → text lines; every table → table_lines
    table_to_cells           w:gridSpan → colspan, w:vMerge restart/continue → rowspan,
                             w:gridBefore shifts a row right, legacy w:hMerge joins cells
    finish_grid / select_report_grids   shared with the HTML source

List numbering that Word renders but does not store as text (一、 （一） 1.) is rebuilt from
numbering.xml, so labels read as printed.
"""

from __future__ import annotations

import email
import io
import logging
import re
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING

from ...errors import (CorruptFileError, MissingDependencyError, TimeLimitError, TooLargeError,
                      UnsupportedFormatError)
from ...deadline import Deadline
from ...layout import Grid, GridCell, Layout
from ...settings import Settings
from ..html.reader import (MAX_TABLE_COLS, finish_grid, join_lines, mark_table_lines, marked_lines_to_text, read_html,
                   select_report_grids)

if TYPE_CHECKING:  # python-docx is optional: imported when a DOCX is opened
    from docx.opc.part import Part

log = logging.getLogger(__name__)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = "{" + W + "}"
MAX_GRID_SPAN = 1000

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


_TAGS: dict[str, str] = {}


def w(tag: str) -> str:
    """'tc' → '{w namespace}tc' (cached: called for every element)."""
    full = _TAGS.get(tag)
    if full is None:
        full = _TAGS[tag] = _W + tag
    return full


def child(el, tag: str):
    """The first child of ``el`` with the w: ``tag`` (lxml's find() parses a path each call:
    five times slower, and this runs for every cell)."""
    if el is None:
        return None
    full = _TAGS.get(tag) or w(tag)
    for node in el:
        if node.tag == full:
            return node
    return None


def _val(el, attr: str = "val") -> str | None:
    return None if el is None else el.get(_W + attr)


def _int_val(el, default: int) -> int:
    raw = _val(el)
    try:
        return int(raw) if raw is not None else default
    except ValueError:
        return default


def _on(el) -> bool:
    """A w:ST_OnOff property: present and not switched off."""
    return el is not None and _val(el) not in ("0", "false", "off")


# ---------------------------------------------------------------------------------------------
# What kind of Word file is this
# ---------------------------------------------------------------------------------------------

def sniff_word_file(data: bytes) -> str:
    """'zip', 'odt', 'ole' (legacy .doc/.wps), 'rtf', 'wordml' (Word 2003 XML or flat OPC),
    'html', 'mhtml' or 'unknown'."""
    head = data[:2048].lstrip()
    if data[:4] == b"PK\x03\x04":
        # OpenDocument stores its mimetype uncompressed as the first entry
        return "odt" if b"mimetypeapplication/vnd.oasis.opendocument" in data[:200] else "zip"
    if data[:8] == OLE2_MAGIC:
        return "ole"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    lowered = head.lower()
    if lowered.startswith(b"mime-version") or b"multipart/related" in lowered:
        return "mhtml"
    if lowered.startswith(b"<?xml") and (b"<w:worddocument" in lowered or b"<pkg:package" in lowered
                                         or b"office/word/2003/wordml" in lowered):
        return "wordml"
    if lowered.startswith((b"<html", b"<!doctype", b"<?xml", b"<meta", b"<head", b"<body", b"<table", b"<p")) \
            or b"<html" in lowered:
        return "html"
    return "unknown"


def mhtml_to_html(data: bytes) -> bytes:
    """The text/html part of a single-file web page (Word's "save as .mht", often named .doc)."""
    message = email.message_from_bytes(data)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            decoded = part.get_payload(decode=True)  # bytes for a single part; None if it is empty
            payload = decoded if isinstance(decoded, bytes) else b""
            charset = part.get_content_charset()
            if charset and b"charset" not in payload[:4096].lower():
                # keep the MIME charset where the page does not declare one
                payload = f'<meta charset="{charset}">'.encode("ascii") + payload
            return payload
    return b""


_WORD_STREAM = "WordDocument".encode("utf-16-le")


def _legacy_suffix(data: bytes, name: str) -> str:
    """The extension LibreOffice should see. Kingsoft .wps files hold a Word 97 "WordDocument"
    stream: call them .doc, or LibreOffice tries its Microsoft Works filter on them."""
    if data[:8] == OLE2_MAGIC:
        return ".doc" if _WORD_STREAM in data else Path(name).suffix.lower() or ".doc"
    if data.lstrip()[:5] == b"{\\rtf":
        return ".rtf"
    if data[:4] == b"PK\x03\x04":
        return ".odt"
    return ".xml"


LIBREOFFICE_TIMEOUT_S = 120.0  # a conversion is always bounded, even with time_limit_s=None
# Macros never run (security level 4 = only signed macros from trusted places, and there are none
# in a throw-away profile); no first-start wizard, no crash recovery, no update check.
_SOFFICE_FLAGS = ("--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                  "--nofirststartwizard")


def convert_legacy_to_docx(data: bytes, name: str, timeout_s: float | None = LIBREOFFICE_TIMEOUT_S) -> bytes:
    """Convert a legacy .doc/.wps/.rtf (or .odt, Word 2003 XML) to DOCX with LibreOffice headless.

    Sandboxed as far as a child process can be: no shell; a fresh throw-away profile in a temporary
    folder (removed afterwards, whatever happens) with macros disabled; its own session so that on
    timeout the whole process group (soffice.bin and any helper) is killed, not only the direct child;
    always a timeout (LIBREOFFICE_TIMEOUT_S at most)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise UnsupportedFormatError(
            name, "this is a legacy Word/WPS file (.doc/.wps/.rtf), which gktables reads through LibreOffice; "
                  "install LibreOffice so that `soffice` is on PATH, or convert it yourself with "
                  "`soffice --headless --convert-to docx FILE` and pass the .docx")
    timeout = LIBREOFFICE_TIMEOUT_S if timeout_s is None else min(timeout_s, LIBREOFFICE_TIMEOUT_S)
    suffix = _legacy_suffix(data, name)
    with tempfile.TemporaryDirectory(prefix="gktables-soffice-") as tmp:
        tmp_path = Path(tmp)
        source = tmp_path / f"input{suffix}"
        source.write_bytes(data)
        out_dir = tmp_path / "out"
        profile = tmp_path / "profile"
        _write_safe_profile(profile)
        command = [exe, f"-env:UserInstallation={profile.as_uri()}", *_SOFFICE_FLAGS,
                   "--convert-to", "docx", "--outdir", str(out_dir), str(source)]
        returncode, stderr = _run_process_group(command, timeout, name, cwd=tmp_path)
        converted = out_dir / "input.docx"
        if not converted.exists():
            detail = stderr.decode("utf-8", errors="replace").strip()[-300:]
            raise CorruptFileError(name, f"LibreOffice could not convert it to .docx (exit {returncode}: "
                                         f"{detail or 'no output'}); the file may be damaged")
        return converted.read_bytes()


def _write_safe_profile(profile: Path) -> None:
    """A LibreOffice user profile whose settings forbid macros (security level 4, no trusted places)."""
    user = profile / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        '<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" '
        'oor:op="fuse"><value>4</value></prop></item>\n'
        '<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" '
        'oor:op="fuse"><value>true</value></prop></item>\n'
        '</oor:items>\n', encoding="utf-8")


def _run_process_group(command: list[str], timeout: float, name: str, cwd: Path) -> tuple[int, bytes]:
    """Run without a shell in a new session; on timeout kill the whole group. Returns (code, stderr)."""
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            cwd=cwd, start_new_session=True)
    try:
        _, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _kill_group(proc)
        raise TimeLimitError(name, f"LibreOffice did not convert it within {timeout:g} s; convert it to .docx "
                                   "by hand or raise time_limit_s") from exc
    except BaseException:
        _kill_group(proc)
        raise
    finally:
        _kill_group(proc, only_leftovers=True)
    return proc.returncode, stderr or b""


def _kill_group(proc: subprocess.Popen, only_leftovers: bool = False) -> None:
    """SIGKILL every process of the child's session (helpers LibreOffice forks outlive their parent)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if not only_leftovers:
        proc.wait()


# ---------------------------------------------------------------------------------------------
# The package
# ---------------------------------------------------------------------------------------------

@dataclass
class DocxParts:
    document: object  # the w:document element
    numbering: object | None = None
    styles: object | None = None
    main_part: Part | None = None  # python-docx part, to resolve w:altChunk relationships


ZIP_CHUNK = 1 << 20


def _check_zip(data: bytes, name: str, settings: Settings, deadline: Deadline) -> None:
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


# ---------------------------------------------------------------------------------------------
# List numbering (一、 （一） 1. rendered by Word from numbering.xml)
# ---------------------------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"


def _chinese_count(n: int, digits: str = _CN_DIGITS, ten: str = "十") -> str:
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return digits[ones]
    return ("" if tens == 1 else digits[tens]) + ten + (digits[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def format_number(n: int, fmt: str) -> str:
    """A list counter in a w:numFmt: decimal 3, chineseCounting 三, decimalEnclosedCircle ③ …"""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographDigital", "koreanCounting"):
        return _chinese_count(n)
    if fmt == "chineseLegalSimplified":
        return _chinese_count(n, _CN_LEGAL, "拾")
    if fmt == "ideographTraditional":
        return _HEAVENLY[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _ZODIAC[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""


@dataclass
class Numbering:
    """numbering.xml resolved: numId → (counter key, levels), with running counters. Lists of
    one abstract definition count on together, as in Word, unless a list restarts its start
    value (w:lvlOverride), which gives it counters of its own."""

    nums: dict[str, tuple[str, dict[int, _Level]]] = field(default_factory=dict)
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)  # pStyle → (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def from_parts(cls, numbering, styles) -> Numbering:
        out = cls()
        if numbering is not None:
            abstract: dict[str, dict[int, _Level]] = {}
            for a in numbering.findall(w("abstractNum")):
                levels = {}
                for lvl in a.findall(w("lvl")):
                    levels[_int_val_attr(lvl, "ilvl", 0)] = _Level(
                        start=_int_val(child(lvl, "start"), 1),
                        fmt=_val(child(lvl, "numFmt")) or "decimal",
                        text=_val(child(lvl, "lvlText")) or "",
                    )
                abstract[a.get(w("abstractNumId")) or ""] = levels
            for num in numbering.findall(w("num")):
                num_id = num.get(w("numId")) or ""
                abstract_id = _val(child(num, "abstractNumId")) or ""
                overrides = num.findall(w("lvlOverride"))
                levels = dict(abstract.get(abstract_id, {}))
                for override in overrides:
                    ilvl = _int_val_attr(override, "ilvl", 0)
                    start = child(override, "startOverride")
                    replaced = child(override, "lvl")
                    base = levels.get(ilvl, _Level())
                    if replaced is not None:
                        base = _Level(_int_val(child(replaced, "start"), base.start),
                                      _val(child(replaced, "numFmt")) or base.fmt,
                                      _val(child(replaced, "lvlText")) or base.text)
                    if start is not None:
                        base = _Level(_int_val(start, base.start), base.fmt, base.text)
                    levels[ilvl] = base
                out.nums[num_id] = (f"num:{num_id}" if overrides else abstract_id, levels)
        if styles is not None:
            for style in styles.findall(w("style")):
                num_pr = child(child(style, "pPr"), "numPr")
                if num_pr is not None:
                    num_id = _val(child(num_pr, "numId"))
                    if num_id is not None:
                        out.style_num[style.get(w("styleId")) or ""] = (num_id, _int_val(child(num_pr, "ilvl"), 0))
        return out

    def label(self, p) -> str:
        """The list label Word shows before paragraph ``p`` ('' when it is not numbered)."""
        if not self.nums:
            return ""
        p_pr = child(p, "pPr")
        if p_pr is None:
            return ""
        num_pr = child(p_pr, "numPr")
        num_id, ilvl = None, 0
        style = _val(child(p_pr, "pStyle"))
        if style in self.style_num:
            num_id, ilvl = self.style_num[style]
        if num_pr is not None:
            num_id = _val(child(num_pr, "numId")) or num_id
            ilvl = _int_val(child(num_pr, "ilvl"), ilvl)
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, levels = self.nums[num_id]
        level = levels.get(ilvl)
        if level is None or level.fmt == "bullet":
            return ""
        counts = self.counters.setdefault(abstract_id, {})
        counts[ilvl] = counts.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]

        def substitute(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lvl = levels.get(k, _Level())
            return format_number(counts.get(k, lvl.start), lvl.fmt) if lvl.fmt != "bullet" else ""

        return re.sub(r"%([1-9])", substitute, level.text)


def _int_val_attr(el, attr: str, default: int) -> int:
    try:
        return int(el.get(w(attr)))
    except (TypeError, ValueError):
        return default


# ---------------------------------------------------------------------------------------------
# Body → blocks (paragraph lines and tables, in document order)
# ---------------------------------------------------------------------------------------------

_SKIPPED = frozenset({w("del"), w("moveFrom"), w("instrText"), w("delText"), w("delInstrText"),
                      w("rPr"), w("pPr"), w("sdtPr"), w("sdtEndPr"), w("fldData"),
                      "{" + MC + "}Fallback"})


_RUN_TEXT = {w("t"): None, w("tab"): " ", w("ptab"): " ", w("br"): "\n", w("cr"): "\n", w("noBreakHyphen"): "-"}
_TXBX, _RUN = w("txbxContent"), w("r")


def paragraph_text(p, numbering: Numbering, textboxes: list) -> str:
    """The text of one paragraph as Word shows it: runs in order, deleted and hidden text and
    field codes left out, the list label in front. Text boxes met on the way are appended to
    ``textboxes`` (they are blocks of their own)."""
    pieces: list[str] = [numbering.label(p)]
    stack = list(reversed(p))
    while stack:
        node = stack.pop()
        tag = node.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag in _RUN_TEXT:
            text = _RUN_TEXT[tag]
            pieces.append(node.text or "" if text is None else text)
        elif tag == _TXBX:
            textboxes.append(node)
        elif tag == _RUN and _on(child(child(node, "rPr"), "vanish")):
            continue
        else:
            stack.extend(reversed(node))
    return "".join(pieces)


@dataclass
class _Ctx:
    numbering: Numbering
    grids: list[Grid | None]  # None: a table with no cells, holding its place in document order
    name: str
    deadline: Deadline
    keep_debug: bool
    settings: Settings
    main_part: Part | None = None
    depth: int = 0  # how deep in w:altChunk documents we are
    table_index: int = 0

    def check_time(self) -> None:
        self.deadline.check("reading the DOCX")


_P, _TBL = w("p"), w("tbl")
_BLOCKS = frozenset({_P, _TBL, w("altChunk")})
_WRAPPERS = frozenset({w("sdt"), w("sdtContent"), w("customXml"), w("ins"), w("moveTo")})


def _block_children(container) -> list:
    """The block-level children of a body/cell/text box, unwrapping content controls."""
    out = []
    stack = list(reversed(container))
    while stack:
        node = stack.pop()
        tag = node.tag
        if tag in _BLOCKS:
            out.append(node)
        elif tag in _WRAPPERS:
            stack.extend(reversed(node))
    return out


def container_lines(container, ctx: _Ctx) -> list[str]:
    """Lines of a body, cell or text box: a paragraph per line (a line break in it splits the
    line), tables as tab-separated rows; tables become grids on ``ctx.grids`` as met."""
    return container_content(container, ctx)[1]


def container_content(container, ctx: _Ctx) -> tuple[list[str], list[str], list[str]]:
    """(its own lines: paragraphs and text boxes; all its lines in order; the lines of the
    tables and imported chunks in it)."""
    own: list[str] = []
    ordered: list[str] = []
    inner: list[str] = []
    for block in _block_children(container):
        if block.tag == _P:
            textboxes: list = []
            lines = paragraph_text(block, ctx.numbering, textboxes).split("\n")
            for box in textboxes:
                lines.extend(container_lines(box, ctx))
            own.extend(lines)
            ordered.extend(lines)
        else:
            lines = table_lines(block, ctx) if block.tag == _TBL else alt_chunk_lines(block, ctx)
            ordered.extend(lines)
            inner.extend(lines)
    return own, ordered, inner


R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MAX_ALT_CHUNK_DEPTH = 2


def alt_chunk_lines(chunk, ctx: _Ctx) -> list[str]:
    """A w:altChunk: content Word imports when it opens the file (web editors export HTML this
    way). HTML/MHTML and DOCX chunks are read with their own source; their grids join ctx.grids."""
    rel = ctx.main_part.rels.get(chunk.get(R_ID)) if ctx.main_part is not None else None
    if rel is None or rel.is_external or ctx.depth >= MAX_ALT_CHUNK_DEPTH:
        return []
    part = rel.target_part
    content_type, blob = part.content_type, part.blob
    label = f"{ctx.name}#{part.partname}"
    if "html" in content_type:
        layout = read_html(blob, label, ctx.settings)
    elif content_type in ("message/rfc822", "multipart/related") or sniff_word_file(blob) == "mhtml":
        layout = read_html(mhtml_to_html(blob), label, ctx.settings)
    elif sniff_word_file(blob) == "zip":
        layout = _read_docx(blob, label, ctx.settings, ctx.depth + 1, ctx.deadline)
    elif content_type == "text/plain":
        return blob.decode("utf-8", errors="replace").splitlines()
    else:
        log.info("%s: an embedded %s chunk is not read", ctx.name, content_type)
        return []
    lines = layout.text.splitlines()
    opening: dict[int, list[str]] = {}
    closing: dict[int, list[str]] = {}
    for grid in layout.grids:  # renumber the chunk's tables into this document's, keep their lines
        span = grid.debug.get("text_lines")
        grid.debug["table_index"] = ctx.table_index
        if span:
            marks = mark_table_lines(ctx.table_index, [])
            opening.setdefault(span[0], []).append(marks[0])
            closing.setdefault(span[1], []).insert(0, marks[1])
        ctx.table_index += 1
    ctx.grids.extend(layout.grids)
    return [m for i, line in enumerate(lines) for m in (*opening.get(i, []), line, *closing.get(i, []))]


def _own(parent, tag: str) -> list:
    """Children of ``parent`` with ``tag``, looking through content-control wrappers."""
    out = []
    stack = list(reversed(parent))
    while stack:
        node = stack.pop()
        if node.tag == tag:
            out.append(node)
        elif node.tag in _WRAPPERS:
            stack.extend(reversed(node))
    return out


def table_lines(tbl, ctx: _Ctx) -> list[str]:
    """Lay out one w:tbl as a grid (kept on ctx.grids, nested tables after it) and return its
    rows as text lines."""
    ctx.check_time()
    index = ctx.table_index
    ctx.table_index += 1
    slot = len(ctx.grids)
    ctx.grids.append(None)  # keeps document order; nested tables follow
    cells, widths, repairs, row_lines = table_to_cells(tbl, ctx)
    debug: dict = {"table_index": index}
    if repairs:
        debug["repairs"] = repairs
    if ctx.keep_debug:
        debug["raw_spans"] = [(c.row, c.col, c.rowspan, c.colspan) for c in cells]
    ctx.grids[slot] = finish_grid(cells, widths, "docx", debug) if cells else None
    return mark_table_lines(index, row_lines)


def _grid_widths(tbl) -> list[float]:
    grid = child(tbl, "tblGrid")
    if grid is None:
        return []
    out = []
    for col in grid.findall(w("gridCol")):
        try:
            out.append(float(col.get(w("w"))) / 15.0)  # twips → px
        except (TypeError, ValueError):
            return []
    return out


def table_to_cells(tbl, ctx: _Ctx):
    """w:tbl → placed cells. gridBefore shifts a row right; gridSpan is the colspan; a
    vMerge continue cell extends the cell above in the same grid column (its text is dropped);
    a legacy hMerge continue cell widens the cell on its left.

    Returns (cells, widths from w:tblGrid or None, repair notes, text lines of the rows).
    A row is one tab-separated line followed by the lines of tables nested in it; a row holding
    running text (a page-layout table) gives its cells' lines instead.
    """
    cells: list[GridCell] = []
    repairs: list[str] = []
    row_lines: list[str] = []
    column_top: dict[int, GridCell] = {}  # grid column → the cell that last started there
    rows = [tr for tr in _own(tbl, w("tr")) if child(child(tr, "trPr"), "del") is None]  # tracked deletions
    for r, tr in enumerate(rows):
        ctx.check_time()
        tr_pr = child(tr, "trPr")
        col = _int_val(child(tr_pr, "gridBefore"), 0) if tr_pr is not None else 0
        col = max(0, min(col, MAX_TABLE_COLS - 1))
        left: GridCell | None = None
        texts: list[str] = []
        contents: list[tuple[list[str], list[str], list[str]]] = []
        for tc in _own(tr, w("tc")):
            tc_pr = child(tc, "tcPr")
            span = _int_val(child(tc_pr, "gridSpan"), 1) if tc_pr is not None else 1
            span = max(1, min(span, MAX_GRID_SPAN, MAX_TABLE_COLS - col))
            v_merge = child(tc_pr, "vMerge") if tc_pr is not None else None
            h_merge = child(tc_pr, "hMerge") if tc_pr is not None else None
            if h_merge is not None and _val(h_merge) != "restart" and left is not None:
                left.colspan += span
                col += span
                continue
            if v_merge is not None and _val(v_merge) != "restart":
                above = column_top.get(col)
                if above is not None and above.last_row == r - 1:
                    if above.colspan != span:
                        repairs.append(f"row {r}: vMerge continue of width {span} "
                                       f"under a cell of width {above.colspan}")
                    above.rowspan += 1
                    left = None
                    col += span
                    continue
                repairs.append(f"row {r}: vMerge continue with no cell above at column {col}; kept as a cell")
            own, ordered, inner = container_content(tc, ctx)  # nested tables become grids of their own
            text = join_lines(own)
            cell = GridCell(row=r, col=col, text=text, rowspan=1, colspan=span)
            cells.append(cell)
            texts.append(text)
            contents.append((own, ordered, inner))
            for c in range(col, col + span):
                column_top[c] = cell
            left = cell
            col += span
            if col >= MAX_TABLE_COLS:
                repairs.append(f"row {r}: cut at {MAX_TABLE_COLS} columns")
                break
        if any(len(own) > 3 or len(text) > 200 for (own, _, _), text in zip(contents, texts)):
            row_lines.extend(line for _, ordered, _ in contents for line in ordered)
            continue
        if any(texts):
            row_lines.append("\t".join(texts))
        row_lines.extend(line for _, _, inner in contents for line in inner)
    grid_widths = _grid_widths(tbl)
    widths = None
    if grid_widths and all(c.last_col < len(grid_widths) for c in cells):
        widths = [sum(grid_widths[c.col:c.last_col + 1]) for c in cells]
    return cells, widths, repairs, row_lines


# ---------------------------------------------------------------------------------------------
# The source
# ---------------------------------------------------------------------------------------------

def read_docx(data: bytes, name: str, settings: Settings | dict | None = None,
              deadline: Deadline | None = None) -> Layout:
    """Read a .docx into a Layout (source ``"docx"``). Legacy .doc/.wps/.rtf are converted with
    LibreOffice first; an HTML or MHTML page saved under a Word name is read as HTML."""
    settings = Settings.resolve(settings)
    return _read_docx(data, name, settings, 0, deadline or Deadline(settings.time_limit_s, name))


def _read_docx(data: bytes, name: str, settings: Settings, depth: int, deadline: Deadline) -> Layout:
    started = perf_counter()
    kind = sniff_word_file(data)
    if kind in ("ole", "rtf", "wordml", "odt"):
        data = convert_legacy_to_docx(data, name, deadline.remaining())
    elif kind == "html":
        log.info("%s: an HTML page with a Word name; reading it as HTML", name)
        return read_html(data, name, settings, deadline)
    elif kind == "mhtml":
        log.info("%s: a single-file web page (MHTML) with a Word name; reading it as HTML", name)
        return read_html(mhtml_to_html(data), name, settings, deadline)
    elif kind != "zip":
        raise CorruptFileError(name, f"not a DOCX: a DOCX is a zip archive and this file starts with {data[:8]!r}; "
                                     "check that it is a Word document and re-save it as .docx")
    _check_zip(data, name, settings, deadline)
    parts = package_to_parts(data, name)
    grids: list[Grid | None] = []
    ctx = _Ctx(numbering=Numbering.from_parts(parts.numbering, parts.styles), grids=grids, name=name,
               deadline=deadline, keep_debug=settings.keep_debug,
               settings=settings, main_part=parts.main_part, depth=depth)
    lines = container_lines(child(parts.document, "body"), ctx)
    kept, dropped = select_report_grids([g for g in grids if g is not None])
    text, spans = marked_lines_to_text([x if "\t" in x or x.startswith("\x00") else join_lines([x]) for x in lines])
    for grid in kept:
        grid.debug["text_lines"] = spans.get(grid.debug["table_index"])
    debug = {"dropped_tables": dropped, "converted": kind != "zip", "seconds": round(perf_counter() - started, 4)}
    return Layout(source="docx", grids=kept, text=text, debug=debug)
