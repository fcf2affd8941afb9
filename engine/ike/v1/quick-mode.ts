// Quick Mode, RFC 2409 5.5 (all messages encrypted under the IKE SA, M-ID != 0):
//   1 I->R  HASH(1), SA, Ni [, KE] , IDci, IDcr
//   2 R->I  HASH(2), SA, Nr [, KE] , IDci, IDcr [, N(RESPONDER-LIFETIME)]
//   3 I->R  HASH(3)
// Each exchange chains its own IV from hash(last phase-1 block | M-ID). The responder
// picks its SPI when it answers; both SAs are installed once message 3 (responder) or
// message 2 (initiator) is accepted. KEYMAT per direction uses the receiver's SPI.
// When phase 1 detected a NAT the SAs are UDP-Tunnel (RFC 3947 5.1), else Tunnel.
import { timingSafeEqual } from 'node:crypto';
import { LifeType, IpsecAttr } from '../codec/attribute-constants.ts';
import { encodeAttributes, integerAttribute } from '../codec/attributes.ts';
import { ExchangeType, NotifyType, PayloadType, ProtocolId } from '../codec/constants.ts';
import { encodePayloadChain } from '../codec/payload-chain.ts';
import type { IdPayload, NotifyPayload, Payload } from '../codec/payloads.ts';
import { DH_GROUPS } from '../crypto/dh-groups.ts';
import { generateDhKeyPair, type DhKeyPair } from '../crypto/diffie-hellman.ts';
import { deriveKeymatPair, splitKeymat, type SaKeys } from '../crypto/keymat.ts';
import { quickModeHash1, quickModeHash2, quickModeHash3 } from '../crypto/quick-mode-hash.ts';
import { HASH_OUTPUT_LENGTH } from '../crypto/prf.ts';
import type { Random } from '../../runtime/random.ts';
import type { Phase2Policy, ProxyIdentity } from '../policy/types.ts';
import type { FailureReason } from './failure.ts';
import { proxyIdPayload } from './identity.ts';
import { bytesAfterFirstPayload } from './payload-spans.ts';
import { NONCE_LENGTH, dataOf, find } from './phase1-negotiation.ts';
import { acceptPhase2Choice, phase2ChoicePayload, phase2OfferPayload, policyPfsGroup, readLifetimes, selectPhase2, type NatSeen, type Phase2Suite } from './phase2-proposals.ts';
import { buildEncrypted, openMessage, type Phase1Keys } from './protected-message.ts';

/** The IKE SA a Quick Mode runs under. */
export interface QuickModeContext {
  keys: Phase1Keys;
  cookieI: Buffer;
  cookieR: Buffer;
  random: Random;
  /** A fresh inbound SPI, unique on this device. */
  allocateSpi(): Buffer;
  /** The NAT-T version when phase 1 detected a NAT: the SAs go inside UDP. */
  nat?: NatSeen;
}

export interface QuickModeNegotiation {
  role: 'initiator' | 'responder';
  messageId: number;
  iv: Buffer;
  vpnName?: string;
  policy?: Phase2Policy;
  proxy?: ProxyIdentity;
  inboundSpi?: Buffer;
  outboundSpi?: Buffer;
  nonceI?: Buffer;
  nonceR?: Buffer;
  dh?: DhKeyPair;
  pfsSecret?: Buffer;
  suite?: Phase2Suite;
  idci?: IdPayload;
  idcr?: IdPayload;
  expect: number;
}

export interface QuickModeResult {
  suite: Phase2Suite;
  inboundSpi: Buffer;
  outboundSpi: Buffer;
  inbound: SaKeys;
  outbound: SaKeys;
  /** Proxy IDs from our point of view. */
  proxy: ProxyIdentity;
}

export interface QuickModeStep {
  send?: Buffer;
  awaitReply?: boolean;
  established?: QuickModeResult;
  failure?: FailureReason;
  /** Tell the peer in an encrypted informational message. */
  notify?: number;
}

/** Responder: which VPN serves these proxy IDs (from the peer's point of view: IDci is its local side). */
export type VpnResolver = (idci: IdPayload | undefined, idcr: IdPayload | undefined) =>
  | { ok: true; vpnName: string; policy: Phase2Policy; proxy: ProxyIdentity }
  | { ok: false; reason: FailureReason };

function hdr(ctx: QuickModeContext, n: QuickModeNegotiation) {
  return { initiatorCookie: ctx.cookieI, responderCookie: ctx.cookieR, exchangeType: ExchangeType.Quick, messageId: n.messageId };
}

function seal(ctx: QuickModeContext, n: QuickModeNegotiation, payloads: Payload[]): Buffer {
  const sealed = buildEncrypted(hdr(ctx, n), payloads, ctx.keys, n.iv);
  n.iv = sealed.nextIv;
  return sealed.datagram;
}

/** [HASH(x), ...rest] where the hash covers the encoded rest. */
function withHash(rest: Payload[], compute: (restBytes: Buffer) => Buffer): Payload[] {
  return [{ type: PayloadType.HASH, data: compute(encodePayloadChain(rest).bytes) }, ...rest];
}

function keyExchangePayloads(n: QuickModeNegotiation, random: Random): Payload[] {
  const group = n.suite?.pfsGroup ?? undefined;
  if (group === undefined) return [];
  n.dh = generateDhKeyPair(group, random);
  return [{ type: PayloadType.KE, data: n.dh.publicValue }];
}

export function quickModeStart(ctx: QuickModeContext, n: QuickModeNegotiation): QuickModeStep {
  const policy = n.policy!;
  const proxy = n.proxy!;
  n.inboundSpi = ctx.allocateSpi();
  n.nonceI = ctx.random.bytes(NONCE_LENGTH);
  const group = policyPfsGroup(policy);
  const ke: Payload[] = [];
  if (group !== undefined) {
    n.dh = generateDhKeyPair(group, ctx.random);
    ke.push({ type: PayloadType.KE, data: n.dh.publicValue });
  }
  n.idci = proxyIdPayload(proxy.local, proxy);
  n.idcr = proxyIdPayload(proxy.remote, proxy);
  const rest: Payload[] = [phase2OfferPayload(policy, n.inboundSpi, ctx.nat), { type: PayloadType.NONCE, data: n.nonceI }, ...ke, n.idci, n.idcr];
  n.expect = 2;
  const payloads = withHash(rest, (bytes) => quickModeHash1(ctx.keys.prf, ctx.keys.skeyidA, n.messageId, bytes));
  return { send: seal(ctx, n, payloads), awaitReply: true };
}

function open(ctx: QuickModeContext, n: QuickModeNegotiation, datagram: Buffer) {
  const opened = openMessage(datagram, { keys: ctx.keys, iv: n.iv });
  if (!opened.ok) return { error: { failure: { code: 'malformed', detail: `Quick Mode message ${n.expect}: ${opened.detail}` }, notify: NotifyType.PayloadMalformed } as QuickModeStep };
  const { payloads, chain, header } = opened.value;
  if (!header.flags.encrypted) return { error: { failure: { code: 'malformed', detail: 'Quick Mode message in the clear' }, notify: NotifyType.PayloadMalformed } as QuickModeStep };
  const hash = payloads[0];
  if (!hash || hash.type !== PayloadType.HASH || hash.data.length !== HASH_OUTPUT_LENGTH[ctx.keys.prf]) {
    return { error: { failure: { code: 'malformed', detail: `Quick Mode message ${n.expect} does not start with a HASH payload` }, notify: NotifyType.PayloadMalformed } as QuickModeStep };
  }
  return { payloads, received: hash.data, rest: bytesAfterFirstPayload(header.nextPayload, chain), nextIv: opened.value.nextIv! };
}

function hashMismatch(which: string): QuickModeStep {
  return { failure: { code: 'authentication-failed', detail: `${which} verification failed` }, notify: NotifyType.AuthenticationFailed };
}

function same(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function ids(payloads: Payload[]): { idci?: IdPayload; idcr?: IdPayload; count: number } {
  const list = payloads.filter((p): p is IdPayload => p.type === PayloadType.ID);
  return { idci: list[0], idcr: list[1], count: list.length };
}

/** g(qm)^xy when PFS is on; a step on failure. */
function pfsSecret(n: QuickModeNegotiation, payloads: Payload[]): QuickModeStep | undefined {
  if (n.suite!.pfsGroup === undefined) return undefined;
  const ke = dataOf(payloads, PayloadType.KE);
  if (!ke) return { failure: { code: 'proposal-mismatch', phase: 2, mismatches: [{ attribute: 'pfs-group', local: `group${n.suite!.pfsGroup}`, peer: 'none (no KE payload)' }] }, notify: NotifyType.NoProposalChosen };
  if (!n.dh) return { failure: { code: 'unexpected-message', detail: 'PFS key exchange was not started' } };
  const secret = n.dh.computeSharedSecret(ke);
  if (!secret.ok) return { failure: { code: 'invalid-key-information', detail: `PFS ${DH_GROUPS[n.suite!.pfsGroup].name}: ${secret.error.detail}` }, notify: NotifyType.InvalidKeyInformation };
  n.pfsSecret = secret.value;
  return undefined;
}

function result(ctx: QuickModeContext, n: QuickModeNegotiation): QuickModeResult {
  const suite = n.suite!;
  const pair = deriveKeymatPair({
    prf: ctx.keys.prf,
    skeyidD: ctx.keys.skeyidD,
    protocol: suite.protocol,
    nonceI: n.nonceI!,
    nonceR: n.nonceR!,
    pfsSharedSecret: n.pfsSecret,
    length: suite.encryptionKeyLength + suite.integrityKeyLength,
    inboundSpi: n.inboundSpi!,
    outboundSpi: n.outboundSpi!,
  });
  return {
    suite,
    inboundSpi: n.inboundSpi!,
    outboundSpi: n.outboundSpi!,
    inbound: splitKeymat(pair.inbound, suite.encryptionKeyLength, suite.integrityKeyLength),
    outbound: splitKeymat(pair.outbound, suite.encryptionKeyLength, suite.integrityKeyLength),
    proxy: n.proxy!,
  };
}

function responderLifetimeNotify(n: QuickModeNegotiation): NotifyPayload {
  const s = n.suite!;
  const attrs = [integerAttribute(IpsecAttr.SaLifeType, LifeType.Seconds), integerAttribute(IpsecAttr.SaLifeDuration, s.lifetimeSeconds)];
  if (s.lifetimeKilobytes !== undefined) attrs.push(integerAttribute(IpsecAttr.SaLifeType, LifeType.Kilobytes), integerAttribute(IpsecAttr.SaLifeDuration, s.lifetimeKilobytes));
  return { type: PayloadType.N, doi: 1, protocolId: s.protocol === 'esp' ? ProtocolId.IpsecEsp : ProtocolId.IpsecAh, spi: n.inboundSpi!, notifyType: NotifyType.ResponderLifetime, data: encodeAttributes(attrs) };
}

/** Responder, message 1 -> message 2. */
export function quickModeRespond(ctx: QuickModeContext, n: QuickModeNegotiation, datagram: Buffer, resolve: VpnResolver): QuickModeStep {
  const o = open(ctx, n, datagram);
  if ('error' in o) return o.error!;
  if (!same(o.received, quickModeHash1(ctx.keys.prf, ctx.keys.skeyidA, n.messageId, o.rest))) return hashMismatch('HASH(1)');
  n.iv = o.nextIv;
  const sa = find(o.payloads, PayloadType.SA);
  const nonce = dataOf(o.payloads, PayloadType.NONCE);
  if (!sa || !nonce) return { failure: { code: 'malformed', detail: `Quick Mode message 1 without ${sa ? 'NONCE' : 'SA'}` }, notify: NotifyType.PayloadMalformed };
  const { idci, idcr, count } = ids(o.payloads);
  if (count !== 0 && count !== 2) return { failure: { code: 'invalid-id', detail: `${count} ID payloads (must be none or two)` }, notify: NotifyType.InvalidIdInformation };
  const vpn = resolve(idci, idcr);
  if (!vpn.ok) return { failure: vpn.reason, notify: vpn.reason.code === 'proxy-id-mismatch' ? NotifyType.InvalidIdInformation : NotifyType.NoProposalChosen };
  Object.assign(n, { vpnName: vpn.vpnName, policy: vpn.policy, proxy: vpn.proxy, idci, idcr, nonceI: nonce });
  const chosen = selectPhase2(sa, vpn.policy, ctx.nat);
  if (!chosen.ok) return { failure: chosen.reason, notify: NotifyType.NoProposalChosen };
  n.suite = chosen.suite;
  n.outboundSpi = chosen.offer.proposal.spi;
  if (n.outboundSpi.length !== 4) return { failure: { code: 'malformed', detail: `SPI of ${n.outboundSpi.length} bytes` }, notify: NotifyType.InvalidSpi };
  n.inboundSpi = ctx.allocateSpi();
  n.nonceR = ctx.random.bytes(NONCE_LENGTH);
  const ke = keyExchangePayloads(n, ctx.random);
  const bad = pfsSecret(n, o.payloads);
  if (bad) return bad;
  const rest: Payload[] = [phase2ChoicePayload(chosen.offer, n.inboundSpi), { type: PayloadType.NONCE, data: n.nonceR }, ...ke, ...(idci && idcr ? [idci, idcr] : [])];
  if (chosen.responderLifetimeLower) rest.push(responderLifetimeNotify(n));
  n.expect = 3;
  const payloads = withHash(rest, (bytes) => quickModeHash2(ctx.keys.prf, ctx.keys.skeyidA, n.messageId, n.nonceI!, bytes));
  return { send: seal(ctx, n, payloads), awaitReply: true };
}

/** Initiator, message 2 -> message 3 and the SAs. */
export function quickModeComplete(ctx: QuickModeContext, n: QuickModeNegotiation, datagram: Buffer): QuickModeStep {
  const o = open(ctx, n, datagram);
  if ('error' in o) return o.error!;
  const nonce = dataOf(o.payloads, PayloadType.NONCE);
  if (!nonce) return { failure: { code: 'malformed', detail: 'Quick Mode message 2 without NONCE' }, notify: NotifyType.PayloadMalformed };
  if (!same(o.received, quickModeHash2(ctx.keys.prf, ctx.keys.skeyidA, n.messageId, n.nonceI!, o.rest))) return hashMismatch('HASH(2)');
  n.iv = o.nextIv;
  const sa = find(o.payloads, PayloadType.SA);
  if (!sa) return { failure: { code: 'malformed', detail: 'Quick Mode message 2 without SA' }, notify: NotifyType.PayloadMalformed };
  const chosen = acceptPhase2Choice(sa, n.policy!, ctx.nat);
  if (!chosen.ok) return { failure: chosen.reason, notify: NotifyType.NoProposalChosen };
  n.suite = chosen.suite;
  n.nonceR = nonce;
  n.outboundSpi = sa.proposals[0].spi;
  if (n.outboundSpi.length !== 4) return { failure: { code: 'malformed', detail: `SPI of ${n.outboundSpi.length} bytes` }, notify: NotifyType.InvalidSpi };
  const lifetime = o.payloads.find((p): p is NotifyPayload => p.type === PayloadType.N && p.notifyType === NotifyType.ResponderLifetime);
  if (lifetime) adoptResponderLifetime(n, lifetime);
  const bad = pfsSecret(n, o.payloads);
  if (bad) return bad;
  n.expect = 0;
  const payloads: Payload[] = [{ type: PayloadType.HASH, data: quickModeHash3(ctx.keys.prf, ctx.keys.skeyidA, n.messageId, n.nonceI!, n.nonceR) }];
  return { send: seal(ctx, n, payloads), established: result(ctx, n) };
}

function adoptResponderLifetime(n: QuickModeNegotiation, notify: NotifyPayload): void {
  const attrs = decodeLifetimeAttributes(notify.data);
  if (!attrs) return;
  const s = n.suite!;
  if (attrs.seconds !== undefined && attrs.seconds > 0) s.lifetimeSeconds = Math.min(s.lifetimeSeconds, attrs.seconds);
  if (attrs.kilobytes !== undefined && attrs.kilobytes > 0) s.lifetimeKilobytes = Math.min(s.lifetimeKilobytes ?? Infinity, attrs.kilobytes);
}

function decodeLifetimeAttributes(data: Buffer): { seconds?: number; kilobytes?: number } | undefined {
  // The notify data is a plain attribute list; reuse the codec through a one-transform view.
  const list: { type: number; format: 'tv'; value: number }[] = [];
  for (let i = 0; i + 4 <= data.length; ) {
    const t = data.readUInt16BE(i);
    if ((t & 0x8000) === 0) return undefined; // only TV forms are expected here
    list.push({ type: t & 0x7fff, format: 'tv', value: data.readUInt16BE(i + 2) });
    i += 4;
  }
  return readLifetimes(list);
}

/** Responder, message 3 -> the SAs. */
export function quickModeFinish(ctx: QuickModeContext, n: QuickModeNegotiation, datagram: Buffer): QuickModeStep {
  const o = open(ctx, n, datagram);
  if ('error' in o) return o.error!;
  if (!same(o.received, quickModeHash3(ctx.keys.prf, ctx.keys.skeyidA, n.messageId, n.nonceI!, n.nonceR!))) return hashMismatch('HASH(3)');
  n.iv = o.nextIv;
  n.expect = 0;
  return { established: result(ctx, n) };
}
