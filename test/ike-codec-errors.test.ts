// Each kind of malformation yields its own error value, at the offending offset, with
// the notify a responder would answer. Mutations start from a real ike-scan probe:
//   0 header | 28 SA generic header | 32 DOI | 36 situation | 40 proposal generic header |
//   44 proposal (number, protocol, SPI size, #transforms) | 48 transform generic header |
//   52 transform (number, id, RESERVED2) | 56 attributes | 88 VID generic header | 108 end

import test from 'ava';
import { readFileSync } from 'node:fs';
import { decodeMessage, decodePayloadChain, NotifyType, PayloadType, type DecodeErrorKind } from '../engine/ike/codec/index.ts';

const probe = readFileSync(new URL('fixtures/ike-codec/main-mode-aes-g14.bin', import.meta.url));
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function withLength(message: Buffer): Buffer {
  message.writeUInt32BE(message.length, 24);
  return message;
}

/** The probe cut to `truncateTo` bytes with `bytes` written at `offset`; the header length
 * field follows the cut unless the patch itself overwrites it. */
function patched(offset: number, bytes: string, truncateTo = probe.length): Buffer {
  const out = Buffer.from(probe.subarray(0, truncateTo));
  const patch = hex(bytes);
  const touchesLength = offset < 28 && offset + patch.length > 24;
  if (!touchesLength) withLength(out);
  patch.copy(out, offset);
  return out;
}

const rejects = test.macro((t, input: Buffer, kind: DecodeErrorKind, offset: number, notify: number) => {
  t.true(decodeMessage(probe).ok, 'the unmodified probe decodes');
  t.like(decodeMessage(input), { ok: false, error: { kind, offset, notify } });
});

test('shorter than a header', rejects, probe.subarray(0, 27), 'truncated', 0, NotifyType.PayloadMalformed);
test('IKEv2 major version', rejects, patched(17, '20'), 'unsupported-version', 17, NotifyType.InvalidMajorVersion);
test('minor version 1', rejects, patched(17, '11'), 'unsupported-version', 17, NotifyType.InvalidMinorVersion);
test('reserved header flag bit', rejects, patched(19, '08'), 'invalid-flags', 19, NotifyType.InvalidFlags);
test('header length differs from the datagram', rejects, patched(24, '0000006d'), 'bad-length', 24, NotifyType.PayloadMalformed);
test('unknown first payload type', rejects, patched(16, '0e'), 'unknown-payload-type', 32, NotifyType.InvalidPayloadType);
test('unknown later payload type', rejects, patched(28, '63'), 'unknown-payload-type', 92, NotifyType.InvalidPayloadType);
test('a Proposal outside an SA', rejects, patched(16, '02'), 'misplaced-payload', 32, NotifyType.InvalidPayloadType);
test('generic header RESERVED set', rejects, patched(89, '01'), 'reserved-not-zero', 89, NotifyType.PayloadMalformed);
test('payload length below 4', rejects, patched(90, '0003'), 'bad-length', 90, NotifyType.PayloadMalformed);
test('payload length past the end', rejects, patched(90, '0015'), 'truncated', 90, NotifyType.PayloadMalformed);
test('message truncated inside a payload', rejects, patched(0, '', 100), 'truncated', 90, NotifyType.PayloadMalformed);
test('bytes after the last payload', rejects, withLength(Buffer.concat([probe, Buffer.alloc(4)])), 'trailing-bytes', 108, NotifyType.UnequalPayloadLengths);
test('SA with DOI 2', rejects, patched(32, '00000002'), 'unsupported-doi', 32, NotifyType.DoiNotSupported);
test('SA with SIT_SECRECY', rejects, patched(36, '00000003'), 'unsupported-situation', 36, NotifyType.SituationNotSupported);
test('SA with no proposals', rejects, patched(28, '0d00000c'), 'bad-proposal-syntax', 40, NotifyType.BadProposalSyntax);
test('proposal list linked to a Transform', rejects, patched(40, '03'), 'bad-proposal-syntax', 40, NotifyType.BadProposalSyntax);
test('proposal declares 2 transforms, holds 1', rejects, patched(47, '02'), 'bad-proposal-syntax', 47, NotifyType.BadProposalSyntax);
test('SPI size past the proposal', rejects, patched(46, '30'), 'truncated', 46, NotifyType.PayloadMalformed);
test('transform RESERVED2 set', rejects, patched(54, '0001'), 'reserved-not-zero', 54, NotifyType.PayloadMalformed);
test('transform ends before its proposal does', rejects, patched(50, '0020'), 'trailing-bytes', 80, NotifyType.UnequalPayloadLengths);
test('TLV attribute length past the transform', rejects, patched(82, '0009'), 'truncated', 82, NotifyType.PayloadMalformed);

const chainRejects = test.macro((t, first: number, body: string, kind: DecodeErrorKind, offset: number, notify: number) => {
  t.like(decodePayloadChain(first, hex(body)), { ok: false, error: { kind, offset, notify } });
});

test('ID_IPV4_ADDR with 5 bytes', chainRejects, PayloadType.ID, '00 00 000d 01 000000 0a00000101', 'invalid-id', 4, NotifyType.InvalidIdInformation);
test('unknown ID type', chainRejects, PayloadType.ID, '00 00 0009 63 000000 00', 'invalid-id', 4, NotifyType.InvalidIdInformation);
test('ID shorter than its fixed part', chainRejects, PayloadType.ID, '00 00 0007 01 0000', 'truncated', 4, NotifyType.PayloadMalformed);
test('notify SPI size past the payload', chainRejects, PayloadType.N, '00 00 000e 00000001 01 10 000e aabb', 'truncated', 9, NotifyType.PayloadMalformed);
test('delete count disagrees with the SPI list', chainRejects, PayloadType.D, '00 00 0010 00000001 03 04 0002 aaaaaaaa', 'bad-length', 10, NotifyType.PayloadMalformed);
test('delete with SPIs of size 0', chainRejects, PayloadType.D, '00 00 000c 00000001 03 00 0001', 'bad-length', 9, NotifyType.PayloadMalformed);
test('NAT-OA with an FQDN', chainRejects, PayloadType.NatOa, '00 00 000c 02 000000 61626364', 'invalid-id', 4, NotifyType.InvalidIdInformation);
test('NAT-OA RESERVED set', chainRejects, PayloadType.NatOa, '00 00 000c 01 000100 0a000001', 'reserved-not-zero', 5, NotifyType.PayloadMalformed);
test('CERT without an encoding byte', chainRejects, PayloadType.CERT, '00 00 0004', 'truncated', 4, NotifyType.PayloadMalformed);
