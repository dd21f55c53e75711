"""What every output shares: files are written whole or not at all, CSV cells never run as
spreadsheet formulas, and XML text holds only the characters XML 1.0 allows.

Pages, SVG/PNG images and exports all go through `write_atomic`; both CSV writers (`events --csv`,
`export --format csv`) through `csv_text`; the SVG, GEXF and GraphML writers through `xml_text`.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets (OWASP's
# CSV injection list: = + - @, and tab or carriage return, which some importers strip first).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 allows tab, newline, carriage return and everything from U+0020 except lone surrogates
# and U+FFFE/U+FFFF; any other character makes the document ill-formed.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write `data` to `path` through a temporary file in the same folder, renamed into place once
    complete and flushed to disk: a full disk or a crash leaves the old file (or none), never half
    of the new one. Raises OSError (with the file named) when the write fails."""
    path = Path(path)
    if path.is_symlink():
        path = path.resolve()  # write the file the link points to; renaming onto the link would replace it
    if path.exists() and not path.is_file():
        raise OSError(errno.EISDIR if path.is_dir() else errno.EINVAL,
                      "a folder" if path.is_dir() else "not a regular file", str(path))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    mode = _file_mode(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError) and error.filename is None:
            error.filename = str(path)  # a failed write names no file; the user needs to know which
        raise
    return path


def _file_mode(path: Path) -> int:
    """The permissions the file gets: the old file's if it exists, else what the umask allows
    (mkstemp creates its file readable by the owner only)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def defuse_cell(value: Any) -> Any:
    """A cell that a spreadsheet shows as text: a string that starts like a formula (after any
    spaces) gets a leading apostrophe. Numbers and None pass unchanged."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: list[str], rows: Iterable[Iterable[Any]]) -> str:
    """CSV with every cell defused, whichever field it comes from (names and ids are text from
    articles too)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([defuse_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([defuse_cell(cell) for cell in row])
    return out.getvalue()


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 forbids (control characters, lone surrogates,
    U+FFFE/U+FFFF); escaping cannot save those, since XML has no way to write them."""
    return _XML_FORBIDDEN.sub("", text)
