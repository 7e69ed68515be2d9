"""What kind of Word file this is, and LibreOffice conversion of the legacy ones (.doc/.wps/.rtf,
.odt, Word 2003 XML) to DOCX; an HTML or MHTML page saved under a Word name is unwrapped."""

from __future__ import annotations

import email
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ...errors import CorruptFileError, TimeLimitError, UnsupportedFormatError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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

