// Aggressive Mode, RFC 2409 5.4, with NAT-D (RFC 3947 3.3; message 1 carries none):
//   1 I->R  SA, KE, Ni, IDii, VID
//   2 R->I  SA, KE, Nr, IDir, HASH_R, VID [, NAT-D, NAT-D]
//   3 I->R  HASH_I [, NAT-D, NAT-D]   (sent in the clear; an encrypted one is accepted too)
// A NAT seen in message 2 sends message 3 from the NAT-T port (the engine floats).
// The responder checks the initiator's ID against remote-identity on message 1 (where
// Junos answers INVALID-ID-INFORMATION), and a pre-shared key mismatch shows as a HASH_R
// failure at the initiator or a HASH_I failure at the responder.
import { NotifyType, PayloadType } from '../codec/constants.ts';
import { encodePayloadBody } from '../codec/payloads.ts';
import type { Random } from '../../runtime/random.ts';
import {
  checkPeerId,
  deriveKeys,
  find,
  header,
  missing,
  natDiscovery,
  notePeerVendorIds,
  ourIdPayload,
  ourProof,
  startKeyExchange,
  takeNatDiscovery,
  takePeerKeyExchange,
  vendorIdPayloads,
  verifyPeer,
  type Phase1Negotiation,
  type Phase1Step,
} from './phase1-negotiation.ts';
import { acceptPhase1Choice, phase1ChoicePayload, phase1OfferPayload, selectPhase1, suiteOf } from './phase1-proposals.ts';
import { buildClear, openMessage } from './protected-message.ts';
import { rawPayloadBody } from './payload-spans.ts';

/**
 * All proposals must share one DH group: the KE goes out with the offer. We use the
 * first proposal's group (Junos requires one group across an aggressive-mode policy).
 */
export function aggressiveModeStart(n: Phase1Negotiation, random: Random): Phase1Step {
  const sa = phase1OfferPayload(n.policy.proposals);
  n.saiBody = encodePayloadBody(sa);
  n.suite = suiteOf(n.policy.proposals[0]);
  const { ke, nonce } = startKeyExchange(n, random);
  n.expect = 2;
  return { send: buildClear(header(n), [sa, ke, nonce, ourIdPayload(n), ...vendorIdPayloads(n)]), awaitReply: true };
}

export function aggressiveModeProcess(n: Phase1Negotiation, datagram: Buffer, random: Random): Phase1Step {
  const opened = openMessage(datagram, n.expect === 3 && n.keys && n.iv ? { keys: n.keys, iv: n.iv } : undefined);
  if (!opened.ok) {
    const detail = `message ${n.expect}: ${opened.detail}`;
    if (n.expect === 3 && opened.stage !== 'header') {
      return { failure: { code: 'authentication-failed', detail: `${detail} (pre-shared key mismatch)` }, notify: NotifyType.PayloadMalformed };
    }
    return { failure: { code: 'malformed', detail }, notify: NotifyType.PayloadMalformed };
  }
  const { payloads, chain } = opened.value;
  const first = opened.value.header.nextPayload;
  switch (n.expect) {
    case 1: {
      const sa = find(payloads, PayloadType.SA);
      const id = find(payloads, PayloadType.ID);
      if (!sa) return missing('SA');
      if (!id) return missing('ID');
      notePeerVendorIds(n, payloads);
      n.saiBody = rawPayloadBody(first, chain, PayloadType.SA);
      const chosen = selectPhase1(sa, n.policy.proposals);
      if (!chosen.ok) return { failure: chosen.reason, notify: NotifyType.NoProposalChosen };
      n.suite = chosen.suite;
      const badId = checkPeerId(n, id);
      if (badId) return badId;
      const bad = takePeerKeyExchange(n, payloads);
      if (bad) return bad;
      const { ke, nonce } = startKeyExchange(n, random);
      const failed = deriveKeys(n);
      if (failed) return failed;
      n.peerIdBody = rawPayloadBody(first, chain, PayloadType.ID);
      const ourId = ourIdPayload(n);
      n.expect = 3;
      const reply = [phase1ChoicePayload(sa, chosen.offer.transform), ke, nonce, ourId, ...ourProof(n, encodePayloadBody(ourId)), ...vendorIdPayloads(n), ...natDiscovery(n)];
      return { send: buildClear(header(n), reply), awaitReply: true };
    }
    case 2: {
      const sa = find(payloads, PayloadType.SA);
      if (!sa) return missing('SA');
      notePeerVendorIds(n, payloads);
      const chosen = acceptPhase1Choice(sa, n.policy.proposals);
      if (!chosen.ok) return { failure: chosen.reason, notify: NotifyType.NoProposalChosen };
      n.suite = chosen.suite;
      n.cookieR = opened.value.header.responderCookie;
      const bad = takePeerKeyExchange(n, payloads) ?? deriveKeys(n) ?? verifyPeer(n, payloads, rawPayloadBody(first, chain, PayloadType.ID));
      if (bad) return bad;
      const natDetection = takeNatDiscovery(n, payloads);
      const idBody = encodePayloadBody(ourIdPayload(n));
      n.expect = 0;
      return { send: buildClear(header(n), [...ourProof(n, idBody), ...natDiscovery(n)]), established: true, natDetection };
    }
    case 3: {
      if (!n.peerIdBody) return missing('ID');
      const fakeId = { type: PayloadType.ID, protocolId: 0, port: 0, identification: n.peerId! } as const;
      const bad = verifyPeer(n, [fakeId, ...payloads], n.peerIdBody);
      if (bad) return bad;
      if (opened.value.nextIv) n.iv = opened.value.nextIv;
      n.expect = 0;
      return { established: true, natDetection: takeNatDiscovery(n, payloads) };
    }
    default:
      return { failure: { code: 'unexpected-message', detail: 'Aggressive Mode message after the exchange completed' } };
  }
}
