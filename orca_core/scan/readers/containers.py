"""Checks on zip and OLE2 containers that run before any parser touches their content.

Zip: entry count (read from the end-of-central-directory record, so 100k entries are refused without
listing them), declared uncompressed sizes and compression ratios (zipfile never inflates an entry past its
declared size, so declared sizes bound the work), and the XML prolog of every XML part (a DOCTYPE or ENTITY
declaration is refused outright: no expansion, no external fetch). OLE2: a minimal directory walk that names
the streams, enough to tell an encrypted OOXML package from a legacy .xls.
"""

from __future__ import annotations

import re
import struct
import zipfile
from typing import BinaryIO

from orca_core.scan.errors import EncryptedWorkbook, MalformedXlsx, UnsafeXml, UnsupportedFormat, ZipBomb
from orca_core.scan.tables import ReaderLimits

_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"
_CENTRAL_ENTRY_MIN_BYTES = 46
# Ratios are only judged on entries big enough to matter: tiny XML parts legitimately compress 300:1.
RATIO_FLOOR_BYTES = 1024 * 1024
XML_HEAD_BYTES = 64 * 1024
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DECLARATION = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT_ELEMENT = re.compile(r"<[A-Za-z_]")


def _size(handle: BinaryIO) -> int:
    handle.seek(0, 2)
    return handle.tell()


def _declared_entry_count(handle: BinaryIO) -> tuple[int, int]:
    """(entries, central directory bytes) from the end records, without parsing the directory."""
    size = _size(handle)
    tail_length = min(size, 22 + 65_535)
    handle.seek(size - tail_length)
    tail = handle.read(tail_length)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        raise MalformedXlsx("The file looks like a zip archive but its directory is missing or damaged.")
    _, _, _, _, entries, directory_bytes, _, _ = struct.unpack("<4s4H2LH", tail[at : at + 22])
    if entries == 0xFFFF or directory_bytes == 0xFFFFFFFF:
        locator_at = at - 20
        if locator_at >= 0 and tail[locator_at : locator_at + 4] == _EOCD64_LOCATOR:
            (record_offset,) = struct.unpack("<Q", tail[locator_at + 8 : locator_at + 16])
            handle.seek(record_offset)
            record = handle.read(56)
            if len(record) == 56 and record[:4] == _EOCD64:
                entries, directory_bytes = struct.unpack("<QQ", record[32:48])
    return int(entries), int(directory_bytes)


def check_zip(handle: BinaryIO, limits: ReaderLimits) -> None:
    """Refuse zip bombs and unsafe XML before openpyxl opens the archive; also require a workbook part."""
    entries, directory_bytes = _declared_entry_count(handle)
    if entries > limits.max_zip_entries or directory_bytes > limits.max_zip_entries * 1024:
        raise ZipBomb(f"The archive holds more than {limits.max_zip_entries} entries, more than a workbook ever needs.")
    handle.seek(0)
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise MalformedXlsx("The file looks like a zip archive but cannot be opened.") from error
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_zip_entries:
            raise ZipBomb(f"The archive holds more than {limits.max_zip_entries} entries.")
        names = {member.filename for member in members}
        if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
            raise UnsupportedFormat("The file is a zip archive but not an Excel workbook (.xlsx).")
        if "xl/workbook.bin" in names and "xl/workbook.xml" not in names:
            raise UnsupportedFormat("Binary Excel workbooks (.xlsb) are not supported; save as .xlsx.")
        _check_sizes(members, limits)
        for member in members:
            if member.filename.lower().endswith(_XML_SUFFIXES):
                _check_xml_prolog(archive, member)


def _check_sizes(members: list[zipfile.ZipInfo], limits: ReaderLimits) -> None:
    total = sum(member.file_size for member in members)
    compressed = sum(member.compress_size for member in members)
    if total > limits.max_uncompressed_bytes:
        raise ZipBomb(
            f"The workbook would expand to {total / 1024**3:.1f} GB, more than the "
            f"{limits.max_uncompressed_bytes / 1024**3:.1f} GB orca accepts."
        )
    for member in members:
        if member.file_size > RATIO_FLOOR_BYTES:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > limits.max_compression_ratio:
                raise ZipBomb(f"A part of the workbook is compressed {ratio:.0f}:1, typical of a zip bomb.")
    if total > RATIO_FLOOR_BYTES and total / max(compressed, 1) > limits.max_compression_ratio:
        raise ZipBomb("The workbook is compressed far more than real spreadsheets are, typical of a zip bomb.")


def _decode_xml_head(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    if head[:2] == b"<\x00":
        return head.decode("utf-16-le", errors="ignore")
    if head[:2] == b"\x00<":
        return head.decode("utf-16-be", errors="ignore")
    return head.decode("utf-8", errors="ignore")


def _check_xml_prolog(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    # A DOCTYPE (the only place ENTITY declarations live) must precede the root element, so the prolog is
    # all that needs reading. A prolog that does not end within the head is refused rather than trusted.
    try:
        with archive.open(member) as part:
            head = part.read(XML_HEAD_BYTES)
    except RuntimeError as error:  # zipfile: "File ... is encrypted, password required"
        raise EncryptedWorkbook("The workbook is password-protected; remove the password and retry.") from error
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError) as error:
        raise MalformedXlsx("A part of the workbook is damaged and cannot be read.") from error
    text = _decode_xml_head(head)
    root = _ROOT_ELEMENT.search(text)
    prolog = text if root is None else text[: root.start()]
    if _DECLARATION.search(prolog):
        raise UnsafeXml("The workbook contains an XML document type declaration, which orca refuses to parse.")
    if root is None and member.file_size > len(head):
        raise UnsafeXml("A part of the workbook has an unusually long XML prolog, which orca refuses to parse.")


# --- OLE2 compound files ---------------------------------------------------------------------------------

_END_OF_CHAIN = 0xFFFFFFFE
_MAX_SECTORS_WALKED = 100_000


def ole_stream_names(handle: BinaryIO) -> set[str]:
    """Names in an OLE2 compound file's directory (header DIFAT only, which covers files up to ~6.8 GB)."""
    handle.seek(0)
    header = handle.read(512)
    if len(header) < 512:
        raise UnsupportedFormat("The file is a damaged Office compound document.")
    (sector_shift,) = struct.unpack("<H", header[30:32])
    if sector_shift not in (9, 12):
        raise UnsupportedFormat("The file is a damaged Office compound document.")
    sector_size = 1 << sector_shift
    (first_directory,) = struct.unpack("<L", header[48:52])
    fat_sectors = [s for s in struct.unpack("<109L", header[76:512]) if s < 0xFFFFFFFA]

    def read_sector(number: int) -> bytes:
        handle.seek((number + 1) * sector_size)
        data = handle.read(sector_size)
        if len(data) < sector_size:
            raise UnsupportedFormat("The file is a damaged Office compound document.")
        return data

    fat: list[int] = []
    for number in fat_sectors[:_MAX_SECTORS_WALKED]:
        fat.extend(struct.unpack(f"<{sector_size // 4}L", read_sector(number)))
    names: set[str] = set()
    sector, walked = first_directory, 0
    while sector != _END_OF_CHAIN and walked < _MAX_SECTORS_WALKED:
        data = read_sector(sector)
        for offset in range(0, sector_size, 128):
            entry = data[offset : offset + 128]
            (name_bytes,) = struct.unpack("<H", entry[64:66])
            if entry[66] in (1, 2, 5) and 2 <= name_bytes <= 64:
                names.add(entry[: name_bytes - 2].decode("utf-16-le", errors="replace"))
        walked += 1
        if sector >= len(fat):
            break
        sector = fat[sector]
    return names


def check_ole(handle: BinaryIO) -> None:
    """Always raises: encrypted OOXML packages and legacy binary Office files are both unreadable here."""
    names = ole_stream_names(handle)
    if {"EncryptionInfo", "EncryptedPackage"} & names:
        raise EncryptedWorkbook("The workbook is password-protected; remove the password and retry.")
    if "Workbook" in names or "Book" in names:
        raise UnsupportedFormat("Legacy Excel workbooks (.xls) are not supported; save as .xlsx or CSV.")
    raise UnsupportedFormat("The file is an Office compound document, not a table orca can scan.")
