#!/usr/bin/python3
"""A contactless card on vpcd's virtual reader, steered by line commands (issue 4 test harness).

Run by e2e/nfc/pcsc-harness.ts with /usr/bin/python3 and PYTHONPATH set to python3-virtualsmartcard's
site-packages plus a shim dir holding `Crypto -> Cryptodome` (the Debian package imports `Crypto`).

One process is one physical card: its memory survives taps. A TCP connection to vpcd (localhost:35963) is
the card in the field; closing it is the card taken away (vpcd reports it at its next poll).

Commands (one per line on stdin), each answered by exactly one JSON line on stdout,
{"ok": true, ...} or {"ok": false, "error": "..."}:
  tap                                   the current card again (memory kept)
  tap ntag213|ntag215|ntag216|ultralight <uidhex>
                                        a Type 2 tag; same type and UID as the current card keeps its memory,
                                        otherwise a fresh tag (empty NDEF TLV at page 4)
  tap iso14443-4 <ppse-fci-hex|none> [uidhex]
                                        an ISO 14443-4 card answering SELECT 2PAY.SYS.DDF01 with that FCI
                                        (none: 6A 82, a card without a PPSE); UID default 4 random bytes
  aid <aidhex> <response-hex|none>      what SELECT <aid> answers on the ISO 14443-4 card (+ 90 00)
  remove                                take the card away
  remove-after-writes N                 the N-th page write from now drops the connection BEFORE it is
                                        applied (card pulled mid-write)
  remove-after-reads N                  the N-th read from now drops the connection instead of answering
  dump                                  {"pages": "<hex of all pages>", "type": ..., "uid": ...}
  poke <page> <8 hex>                   set one page directly (off or on the reader; no access checks)
  load <hex of all pages>               replace the whole memory (length must match the tag)
  lock                                  CC access byte 0F and static lock bytes FF FF: read-only tag
  stats                                 APDU counters {"reads", "writes", "apdus"}
  quit                                  remove the card and exit
"""

import json
import os
import socket
import sys
import threading

from virtualsmartcard.VirtualSmartcard import SmartcardOS, VirtualICC

VPCD_HOST = os.environ.get('VPCD_HOST', 'localhost')
VPCD_PORT = int(os.environ.get('VPCD_PORT', '35963'))

# ATRs as PC/SC part 3 builds them for contactless cards: 3B 8F 80 01 80 4F 0C A0 00 00 03 06 <SS> <NN NN>
# 00 00 00 00 <TCK>; nfc-pcsc looks only at atr[5] == 0x4F (the RID follows) to pick TAG_ISO_14443_3.
ATR_TYPE2 = bytes.fromhex('3B8F8001804F0CA0000003060300030000000068')
ATR_ISO14443_4 = bytes.fromhex('3B80800101')

SW_OK = b'\x90\x00'
SW_WRONG_P1P2 = b'\x6b\x00'
SW_NOT_FOUND = b'\x6a\x82'
SW_SECURITY = b'\x69\x82'
SW_FAILED = b'\x63\x00'
SW_INS_UNKNOWN = b'\x6d\x00'

PPSE_NAME = b'2PAY.SYS.DDF01'

# NTAG213/215/216 data sheet (NXP), section 8.5: total pages, last user page, CC size byte (NFC Forum Type 2
# Tag 1.0, 6.1: data area size / 8). MIFARE Ultralight (MF0ICU1): 16 pages, CC size 06.
TAG_TYPES = {
    'ntag213': {'pages': 45, 'last_user': 39, 'cc': bytes.fromhex('E1101200')},
    'ntag215': {'pages': 135, 'last_user': 129, 'cc': bytes.fromhex('E1103E00')},
    'ntag216': {'pages': 231, 'last_user': 225, 'cc': bytes.fromhex('E1106D00')},
    'ultralight': {'pages': 16, 'last_user': 15, 'cc': bytes.fromhex('E1100600')},
}


def fresh_type2_memory(kind, uid):
    spec = TAG_TYPES[kind]
    mem = bytearray(spec['pages'] * 4)
    # ISO 14443-3 cascade: BCC0 = CT (0x88) ^ UID0 ^ UID1 ^ UID2, BCC1 = UID3 ^ UID4 ^ UID5 ^ UID6
    bcc0 = 0x88 ^ uid[0] ^ uid[1] ^ uid[2]
    bcc1 = uid[3] ^ uid[4] ^ uid[5] ^ uid[6]
    mem[0:4] = bytes([uid[0], uid[1], uid[2], bcc0])
    mem[4:8] = uid[3:7]
    mem[8:12] = bytes([bcc1, 0x48, 0x00, 0x00])
    mem[12:16] = spec['cc']
    # NFC Forum Type 2 Tag 1.0, 2.3: an empty NDEF message TLV, then the terminator TLV
    mem[16:20] = bytes.fromhex('0300FE00')
    return mem


class Card:
    """The card's state, shared by the command thread and vpcd's connection thread (guarded by lock)."""

    def __init__(self):
        self.lock = threading.RLock()
        self.kind = None
        self.uid = b''
        self.memory = bytearray()
        self.ppse = None
        self.aids = {}
        self.writes_until_pull = None
        self.reads_until_pull = None
        self.counters = {'reads': 0, 'writes': 0, 'apdus': 0}


class PulledMidOperation(Exception):
    """The harness took the card away inside an APDU; the connection thread just ends."""


class EmulatedCardOS(SmartcardOS):
    """SmartcardOS of one tap: answers the PC/SC contactless pseudo-APDUs (PC/SC part 3, 3.2.2.1)."""

    def __init__(self, card, connection):
        self.card = card
        self.connection = connection

    def getATR(self):
        self.connection.quickack()
        return ATR_TYPE2 if self.card.kind in TAG_TYPES else ATR_ISO14443_4

    def powerUp(self):
        self.connection.quickack()

    def powerDown(self):
        self.connection.quickack()

    def reset(self):
        self.connection.quickack()

    def execute(self, msg):
        self.connection.quickack()
        with self.card.lock:
            self.card.counters['apdus'] += 1
            return self._execute(bytes(msg))

    def _execute(self, apdu):
        card = self.card
        if len(apdu) < 4:
            return SW_INS_UNKNOWN
        cla, ins, p1, p2 = apdu[0], apdu[1], apdu[2], apdu[3]
        if cla == 0xFF and ins == 0xCA and p1 == 0x00:
            return card.uid + SW_OK
        if card.kind in TAG_TYPES:
            if cla == 0xFF and ins == 0xB0:
                return self._read(p1 << 8 | p2, apdu[4] if len(apdu) > 4 else 0)
            if cla == 0xFF and ins == 0xD6:
                return self._write(p1 << 8 | p2, apdu[5:9] if len(apdu) >= 9 and apdu[4] == 4 else None)
            return SW_INS_UNKNOWN
        if cla == 0x00 and ins == 0xA4 and p1 == 0x04 and len(apdu) >= 5:
            name = apdu[5:5 + apdu[4]]
            answer = card.ppse if name == PPSE_NAME else card.aids.get(name.hex().upper())
            return SW_NOT_FOUND if answer is None else answer + SW_OK
        return SW_INS_UNKNOWN

    def _read(self, page, le):
        card = self.card
        card.counters['reads'] += 1
        if card.reads_until_pull is not None:
            card.reads_until_pull -= 1
            if card.reads_until_pull <= 0:
                card.reads_until_pull = None
                self.connection.pull()
                raise PulledMidOperation()
        length = le or 16
        pages = len(card.memory) // 4
        if length > 16:
            return SW_WRONG_P1P2
        if page >= pages:
            return SW_WRONG_P1P2
        if page * 4 + length > len(card.memory):
            return SW_NOT_FOUND
        return bytes(card.memory[page * 4:page * 4 + length]) + SW_OK

    def _write(self, page, data):
        card = self.card
        card.counters['writes'] += 1
        if card.writes_until_pull is not None:
            card.writes_until_pull -= 1
            if card.writes_until_pull <= 0:
                card.writes_until_pull = None
                self.connection.pull()
                raise PulledMidOperation()
        if data is None:
            return SW_WRONG_P1P2
        pages = len(card.memory) // 4
        if page >= pages:
            return SW_NOT_FOUND
        read_only = card.memory[15] == 0x0F
        if page < 2:
            # UID and serial pages are factory-programmed (NTAG21x data sheet 8.5.1)
            return SW_FAILED
        if page == 2:
            # only the static lock bytes (bytes 2-3) can be written, and they are OTP: bits OR in
            card.memory[10] |= data[2]
            card.memory[11] |= data[3]
            return SW_OK
        if read_only:
            return SW_SECURITY
        if page == 3:
            # the capability container is OTP too (NTAG21x data sheet 8.5.6): bits OR in
            for i in range(4):
                card.memory[12 + i] |= data[i]
            return SW_OK
        card.memory[page * 4:page * 4 + 4] = data
        return SW_OK


class QuickAckSocket:
    """The socket VirtualICC.run() reads from, re-arming TCP_QUICKACK after every receive.

    vpcd writes each message as two segments (length, then body) with Nagle on, so its second write waits for
    our ACK of the first; Linux delays that ACK (~40 ms) and clears TCP_QUICKACK once it fires.
    """

    def __init__(self, sock):
        self.sock = sock

    def quickack(self):
        try:
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        except OSError:
            pass

    def recv(self, size):
        data = self.sock.recv(size)
        self.quickack()
        return data

    def sendall(self, data):
        self.sock.sendall(data)
        self.quickack()

    def settimeout(self, value):
        self.sock.settimeout(value)

    def shutdown(self, how):
        self.sock.shutdown(how)

    def close(self):
        self.sock.close()


class TapConnection(VirtualICC):
    """VirtualICC for one tap: its __init__ would build a stock card from a dataset; we bring our own OS."""

    def __init__(self, card):  # pylint: disable=super-init-not-called
        self.os = EmulatedCardOS(card, self)
        self.type = 'tillpoint-emulator'
        self.host = VPCD_HOST
        self.port = VPCD_PORT
        self.server_sock = None
        self.pulled = False
        raw = socket.create_connection((VPCD_HOST, VPCD_PORT), timeout=5)
        raw.settimeout(None)
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = QuickAckSocket(raw)
        self.sock.quickack()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def quickack(self):
        self.sock.quickack()

    def pull(self):
        self.pulled = True
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()

    def _serve(self):
        try:
            self.run()
        except (SystemExit, OSError, PulledMidOperation):
            pass
        finally:
            self.pulled = True

    def stop(self):
        if not self.pulled:
            self.pull()
        self.thread.join(timeout=5)


class Emulator:
    def __init__(self):
        self.card = Card()
        self.connection = None

    def on_reader(self):
        return self.connection is not None and not self.connection.pulled

    def cmd_tap(self, args):
        card = self.card
        if self.on_reader():
            raise ValueError('the card is already on the reader')
        with card.lock:
            if args:
                kind = args[0].lower()
                if kind in TAG_TYPES:
                    if len(args) < 2:
                        raise ValueError('tap %s needs a 7-byte UID' % kind)
                    uid = bytes.fromhex(args[1])
                    if len(uid) != 7:
                        raise ValueError('an NTAG/Ultralight UID has 7 bytes')
                    if kind != card.kind or uid != card.uid:
                        card.kind, card.uid = kind, uid
                        card.memory = fresh_type2_memory(kind, uid)
                elif kind == 'iso14443-4':
                    if len(args) < 2:
                        raise ValueError('tap iso14443-4 needs the PPSE FCI hex or none')
                    uid = bytes.fromhex(args[2]) if len(args) > 2 else os.urandom(4)
                    if len(uid) not in (4, 7, 10):
                        raise ValueError('a UID has 4, 7 or 10 bytes')
                    card.kind, card.uid, card.memory = 'iso14443-4', uid, bytearray()
                    card.ppse = None if args[1].lower() == 'none' else bytes.fromhex(args[1])
                else:
                    raise ValueError('unknown card type %s' % kind)
            elif card.kind is None:
                raise ValueError('no card yet: tap <type> <uid> first')
        self.connection = TapConnection(card)
        return {'type': card.kind, 'uid': card.uid.hex().upper()}

    def cmd_aid(self, args):
        if len(args) != 2:
            raise ValueError('aid <aidhex> <response-hex|none>')
        with self.card.lock:
            aid = bytes.fromhex(args[0]).hex().upper()
            if args[1].lower() == 'none':
                self.card.aids.pop(aid, None)
            else:
                self.card.aids[aid] = bytes.fromhex(args[1])
        return {}

    def cmd_remove(self, _args):
        was_on = self.on_reader()
        if self.connection is not None:
            self.connection.stop()
            self.connection = None
        return {'wasOnReader': was_on}

    def _count(self, args):
        if len(args) != 1 or int(args[0]) < 1:
            raise ValueError('needs a count >= 1')
        return int(args[0])

    def cmd_remove_after_writes(self, args):
        with self.card.lock:
            self.card.writes_until_pull = self._count(args)
        return {}

    def cmd_remove_after_reads(self, args):
        with self.card.lock:
            self.card.reads_until_pull = self._count(args)
        return {}

    def _type2(self):
        if self.card.kind not in TAG_TYPES:
            raise ValueError('not a Type 2 tag')

    def cmd_dump(self, _args):
        with self.card.lock:
            return {
                'type': self.card.kind,
                'uid': self.card.uid.hex().upper(),
                'pages': bytes(self.card.memory).hex().upper(),
                'onReader': self.on_reader(),
            }

    def cmd_poke(self, args):
        self._type2()
        if len(args) != 2:
            raise ValueError('poke <page> <8 hex>')
        page, data = int(args[0], 0), bytes.fromhex(args[1])
        with self.card.lock:
            if len(data) != 4 or not 0 <= page < len(self.card.memory) // 4:
                raise ValueError('page out of range or data not 4 bytes')
            self.card.memory[page * 4:page * 4 + 4] = data
        return {}

    def cmd_load(self, args):
        self._type2()
        if len(args) != 1:
            raise ValueError('load <hex of all pages>')
        data = bytes.fromhex(args[0])
        with self.card.lock:
            if len(data) != len(self.card.memory):
                raise ValueError('expected %d bytes, got %d' % (len(self.card.memory), len(data)))
            self.card.memory[:] = data
        return {}

    def cmd_lock(self, _args):
        self._type2()
        with self.card.lock:
            self.card.memory[10] = 0xFF
            self.card.memory[11] = 0xFF
            self.card.memory[15] = 0x0F
        return {}

    def cmd_stats(self, _args):
        with self.card.lock:
            return dict(self.card.counters)

    def cmd_quit(self, args):
        return self.cmd_remove(args)


def answer(message):
    sys.stdout.write(json.dumps(message) + '\n')
    sys.stdout.flush()


def main():
    emulator = Emulator()
    answer({'ok': True, 'ready': True, 'pid': os.getpid()})
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        name = words[0].lower().replace('-', '_')
        handler = getattr(emulator, 'cmd_' + name, None)
        try:
            if handler is None:
                raise ValueError('unknown command %s' % words[0])
            answer(dict({'ok': True}, **handler(words[1:])))
        except (ValueError, OSError) as error:
            answer({'ok': False, 'error': '%s: %s' % (type(error).__name__, error)})
        if name == 'quit':
            break
    emulator.cmd_remove([])


if __name__ == '__main__':
    main()
