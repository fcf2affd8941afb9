// A whole plaintext ISAKMP message. Encrypted messages (flag E) are assembled by the
// exchange layer from the same parts: encodePayloadChain -> encrypt -> encodeHeader, and
// decodeHeader -> decrypt -> decodePayloadChain with allowTrailingPadding.

import { decodeError, type DecodeError } from './decode-error.ts';
import { decodeHeader, encodeHeader, HEADER_LENGTH, type Header } from './header.ts';
import { decodePayloadChain, encodePayloadChain } from './payload-chain.ts';
import type { Payload } from './payloads.ts';
import { err, ok, type Result } from './result.ts';

export interface Message {
  header: Header;
  payloads: Payload[];
}

export function encodeMessage(msg: Message): Buffer {
  if (msg.header.flags.encrypted) throw new TypeError('encodeMessage writes plaintext; encrypt the payload chain and use encodeHeader');
  const chain = encodePayloadChain(msg.payloads);
  return Buffer.concat([encodeHeader(msg.header, chain.firstPayloadType, chain.bytes.length), chain.bytes]);
}

export function decodeMessage(buf: Buffer): Result<Message, DecodeError> {
  const header = decodeHeader(buf);
  if (!header.ok) return header;
  const { nextPayload, length: _, ...fields } = header.value;
  if (fields.flags.encrypted) return err(decodeError('encrypted-body', 19, 'body is encrypted; decrypt then decodePayloadChain'));
  const payloads = decodePayloadChain(nextPayload, buf.subarray(HEADER_LENGTH), { baseOffset: HEADER_LENGTH });
  return payloads.ok ? ok({ header: fields, payloads: payloads.value }) : payloads;
}
