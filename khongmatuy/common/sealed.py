"""A file sealed with a passphrase: AES-256-GCM in fixed-size chunks, key from scrypt.

The layout follows the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár, "Online
Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance", CRYPTO 2015), as age and Tink
use it: each chunk's nonce is a random prefix, the chunk's counter and a last-chunk flag, so a
reordered, dropped or truncated chunk fails to decrypt. The header (magic, salt, scrypt cost,
nonce prefix) is authenticated with every chunk. Memory stays at one chunk whatever the size.

    header = MAGIC(8) | salt(16) | log2(n)(1) | r(1) | p(1) | nonce prefix(7)
    chunk  = AES-GCM(key, prefix | counter(4, big-endian) | last(1), plaintext ≤ 64 KiB, header)
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"KMTSEAL1"
CHUNK = 64 * 1024
TAG = 16
SALT = 16
PREFIX = 7
HEADER = len(MAGIC) + SALT + 3 + PREFIX
# scrypt cost: n = 2**17, r = 8, p = 1 (OWASP password storage cheat sheet), about 128 MiB.
LOG2_N, R, P = 17, 8, 1


class SealError(Exception):
    """The passphrase is wrong or the file was altered or cut short."""


def is_sealed(head: bytes) -> bool:
    return head.startswith(MAGIC)


def _key(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> AESGCM:
    if not passphrase:
        raise SealError("empty passphrase")
    kdf = Scrypt(salt=salt, length=32, n=2**log2_n, r=r, p=p)
    return AESGCM(kdf.derive(passphrase.encode()))


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", counter, 1 if last else 0)


class SealedWriter:
    """A write-only file object that seals what is written to ``out``; ``close`` ends the stream."""

    def __init__(self, out: BinaryIO, *, passphrase: str, log2_n: int = LOG2_N) -> None:
        salt, prefix = os.urandom(SALT), os.urandom(PREFIX)
        self._header = MAGIC + salt + bytes([log2_n, R, P]) + prefix
        self._aead = _key(passphrase, salt, log2_n, R, P)
        self._prefix = prefix
        self._out = out
        self._buffer = bytearray()
        self._counter = 0
        self._closed = False
        out.write(self._header)

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:  # keep at least one byte back: the last chunk is flagged
            self._emit(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _emit(self, plain: bytes, *, last: bool) -> None:
        nonce = _nonce(self._prefix, self._counter, last)
        self._out.write(self._aead.encrypt(nonce, plain, self._header))
        self._counter += 1

    def flush(self) -> None:
        self._out.flush()

    def close(self) -> None:
        if not self._closed:
            self._emit(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._closed = True
            self._out.flush()


def unseal(source: BinaryIO, *, passphrase: str) -> Iterator[bytes]:
    """The plaintext of a sealed stream, chunk by chunk; ``SealError`` at the first bad chunk."""
    header = source.read(HEADER)
    if len(header) != HEADER or not is_sealed(header):
        raise SealError("not a sealed file")
    salt = header[len(MAGIC) : len(MAGIC) + SALT]
    log2_n, r, p = header[len(MAGIC) + SALT : len(MAGIC) + SALT + 3]
    if not (10 <= log2_n <= 22 and 1 <= r <= 32 and 1 <= p <= 16):
        raise SealError("unsupported scrypt parameters")
    prefix = header[-PREFIX:]
    aead = _key(passphrase, salt, log2_n, r, p)
    counter = 0
    block = source.read(CHUNK + TAG)
    while True:
        following = source.read(CHUNK + TAG)
        last = not following
        try:
            yield aead.decrypt(_nonce(prefix, counter, last), block, header)
        except InvalidTag as error:
            raise SealError("wrong passphrase or altered file") from error
        if last:
            return
        block, counter = following, counter + 1
