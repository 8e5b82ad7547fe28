"""Checks on ZIP archives (crime uploads, XLSX workbooks) before anything in them is unpacked.

A small archive can unpack to gigabytes (a zip bomb). The central directory states every
member's size; Python's zipfile never unpacks more than a member states (it stops there and
fails the CRC check), so checking the stated sizes bounds what any later reader unpacks. The
member count and directory size are read from the end record first: a central directory of
millions of entries would cost memory to parse.
"""

import math
import struct
import zipfile
from typing import BinaryIO

TOO_MANY_MEMBERS = "it holds {count} files, more than the {limit} accepted"
DIRECTORY_TOO_LARGE = "its list of files is larger than {limit} files need"
TOO_LARGE = "it unpacks to more than the {limit} MB accepted"
TOO_COMPRESSED = "it unpacks to {ratio} times its own size, more than the {limit} times accepted"
UNREADABLE = "it cannot be read as a ZIP file"
# Below this size unpacked, a high ratio costs nothing (a few KB of blank cells pack 1000 to 1).
RATIO_FLOOR_BYTES = 1 << 20
MB = 1 << 20
# Central directory bytes allowed per member accepted (an entry is 46 bytes and its name).
DIRECTORY_BYTES_PER_MEMBER = 4096
_END_RECORD = b"PK\x05\x06"
_END_RECORD_SIZE = 22
_MAX_COMMENT = 0xFFFF


def zip_problem(handle: BinaryIO, *, max_members: int, max_mb: int, max_ratio: int) -> str | None:
    """Why the archive must not be unpacked (too many members, too large unpacked, packed too
    tightly, unreadable), from its central directory alone; None if it may be."""
    handle.seek(0, 2)
    size = handle.tell()
    declared, directory_bytes = _end_record(handle, size)
    if declared > max_members:
        return TOO_MANY_MEMBERS.format(count=declared, limit=max_members)
    # zipfile parses the directory by its size, not its count: a count can lie.
    if directory_bytes > max_members * DIRECTORY_BYTES_PER_MEMBER:
        return DIRECTORY_TOO_LARGE.format(limit=max_members)
    try:
        handle.seek(0)
        with zipfile.ZipFile(handle) as bundle:
            infos = bundle.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        return UNREADABLE
    finally:
        handle.seek(0)
    if len(infos) > max_members:
        return TOO_MANY_MEMBERS.format(count=len(infos), limit=max_members)
    unpacked = sum(info.file_size for info in infos)
    if unpacked > max_mb * MB:
        return TOO_LARGE.format(limit=max_mb)
    # Against the archive's own size, not the members' stated compressed sizes: members that
    # overlap (one packed stream listed many times) state a compressed size each.
    if unpacked > RATIO_FLOOR_BYTES and unpacked > max_ratio * max(size, 1):
        return TOO_COMPRESSED.format(ratio=math.floor(unpacked / max(size, 1)), limit=max_ratio)
    return None


def _end_record(handle: BinaryIO, size: int) -> tuple[int, int]:
    """The member count and central directory size the end record states (0xFFFF and
    0xFFFFFFFF for ZIP64 archives, which state them elsewhere: at least that much); (0, 0)
    where no record is found (zipfile then refuses the archive)."""
    tail = min(size, _END_RECORD_SIZE + _MAX_COMMENT)
    handle.seek(size - tail)
    data = handle.read(tail)
    at = data.rfind(_END_RECORD)
    if at == -1 or len(data) - at < _END_RECORD_SIZE:
        return 0, 0
    count, directory_bytes = struct.unpack_from("<HI", data, at + 10)
    return count, directory_bytes
