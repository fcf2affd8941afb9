// Informational exchanges (RFC 2408 4.8, RFC 2409 5.7): Notify and Delete, encrypted
// under the IKE SA with HASH(1) = prf(SKEYID_a, M-ID | N/D) once keys exist, in the clear
// before. DPD (RFC 3706) rides on them as R-U-THERE / R-U-THERE-ACK notifies whose SPI is
// CKY-I | CKY-R and whose data is a 32-bit sequence number.
import { timingSafeEqual } from 'node:crypto';
import { Doi, ExchangeType, NotifyType, PayloadType, ProtocolId } from '../codec/constants.ts';
import { encodePayloadChain } from '../codec/payload-chain.ts';
import type { DeletePayload, NotifyPayload, Payload } from '../codec/payloads.ts';
import { phase2Iv } from '../crypto/iv.ts';
import { HASH_OUTPUT_LENGTH } from '../crypto/prf.ts';
import { informationalHash } from '../crypto/quick-mode-hash.ts';
import { bytesAfterFirstPayload } from './payload-spans.ts';
import { buildClear, buildEncrypted, openMessage, type Phase1Keys } from './protected-message.ts';

export interface InformationalContext {
  cookieI: Buffer;
  cookieR: Buffer;
  keys: Phase1Keys;
  /** The last phase-1 CBC block (base of every informational IV). */
  phase1Iv: Buffer;
}

export const NOTIFY_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(NotifyType).map(([k, v]) => [v, k.replace('RUThere', 'R-U-There').replace(/([a-z])([A-Z])/g, '$1-$2').toUpperCase()]),
);

export function notifyName(type: number): string {
  return NOTIFY_NAMES[type] ?? `NOTIFY-${type}`;
}

function header(cookieI: Buffer, cookieR: Buffer, messageId: number) {
  return { initiatorCookie: cookieI, responderCookie: cookieR, exchangeType: ExchangeType.Informational, messageId };
}

export function isakmpNotify(cookieI: Buffer, cookieR: Buffer, notifyType: number, data = Buffer.alloc(0)): NotifyPayload {
  return { type: PayloadType.N, doi: Doi.Ipsec, protocolId: ProtocolId.Isakmp, spi: Buffer.concat([cookieI, cookieR]), notifyType, data };
}

export function ipsecNotify(protocolId: number, spi: Buffer, notifyType: number): NotifyPayload {
  return { type: PayloadType.N, doi: Doi.Ipsec, protocolId, spi, notifyType, data: Buffer.alloc(0) };
}

export function deleteIkeSa(cookieI: Buffer, cookieR: Buffer): DeletePayload {
  return { type: PayloadType.D, doi: Doi.Ipsec, protocolId: ProtocolId.Isakmp, spiSize: 16, spis: [Buffer.concat([cookieI, cookieR])] };
}

export function deleteIpsecSas(protocolId: number, spis: Buffer[]): DeletePayload {
  return { type: PayloadType.D, doi: Doi.Ipsec, protocolId, spiSize: 4, spis };
}

export function dpdNotify(ctx: Pick<InformationalContext, 'cookieI' | 'cookieR'>, ack: boolean, sequence: number): NotifyPayload {
  const data = Buffer.alloc(4);
  data.writeUInt32BE(sequence >>> 0);
  return isakmpNotify(ctx.cookieI, ctx.cookieR, ack ? NotifyType.RUThereAck : NotifyType.RUThere, data);
}

/** A phase-1 error notify before (or without) keys: clear, message ID 0. */
export function buildClearNotify(cookieI: Buffer, cookieR: Buffer, notifyType: number): Buffer {
  return buildClear(header(cookieI, cookieR, 0), [isakmpNotify(cookieI, cookieR, notifyType)]);
}

export function buildInformational(ctx: InformationalContext, messageId: number, content: (NotifyPayload | DeletePayload)[]): Buffer {
  const rest = encodePayloadChain(content).bytes;
  const hash: Payload = { type: PayloadType.HASH, data: informationalHash(ctx.keys.prf, ctx.keys.skeyidA, messageId, rest) };
  const iv = phase2Iv(ctx.keys.prf, ctx.phase1Iv, messageId, ctx.keys.blockSize);
  return buildEncrypted(header(ctx.cookieI, ctx.cookieR, messageId), [hash, ...content], ctx.keys, iv).datagram;
}

export type OpenedInformational =
  | { ok: true; authenticated: boolean; notifies: NotifyPayload[]; deletes: DeletePayload[] }
  | { ok: false; detail: string };

/** Open an informational message; encrypted ones need `ctx` and must carry a valid HASH(1). */
export function openInformational(datagram: Buffer, encrypted: boolean, ctx?: InformationalContext, messageId = 0): OpenedInformational {
  const crypt = encrypted && ctx ? { keys: ctx.keys, iv: phase2Iv(ctx.keys.prf, ctx.phase1Iv, messageId, ctx.keys.blockSize) } : undefined;
  if (encrypted && !crypt) return { ok: false, detail: 'encrypted informational message without an established IKE SA' };
  const opened = openMessage(datagram, crypt);
  if (!opened.ok) return { ok: false, detail: opened.detail };
  const { payloads, chain, header: h } = opened.value;
  const notifies = payloads.filter((p): p is NotifyPayload => p.type === PayloadType.N);
  const deletes = payloads.filter((p): p is DeletePayload => p.type === PayloadType.D);
  if (!encrypted) return { ok: true, authenticated: false, notifies, deletes };
  const hash = payloads[0];
  if (!hash || hash.type !== PayloadType.HASH || hash.data.length !== HASH_OUTPUT_LENGTH[ctx!.keys.prf]) return { ok: false, detail: 'informational message without a leading HASH' };
  const expected = informationalHash(ctx!.keys.prf, ctx!.keys.skeyidA, messageId, bytesAfterFirstPayload(h.nextPayload, chain));
  if (!timingSafeEqual(expected, hash.data)) return { ok: false, detail: 'informational HASH(1) verification failed' };
  return { ok: true, authenticated: true, notifies, deletes };
}
