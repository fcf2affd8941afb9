// Main Mode (Identity Protection), RFC 2409 5.1, with NAT-D (RFC 3947 3.2):
//   1 I->R  SA, VID                2 R->I  SA, VID
//   3 I->R  KE, Ni [, NAT-D, NAT-D] 4 R->I  KE, Nr [, NAT-D, NAT-D]
//   5 I->R  *IDii, HASH_I [, N]    6 R->I  *IDir, HASH_R
// Messages 5 and 6 are encrypted; the IV advances only once a message is accepted. NAT-D
// goes out when both ends announced NAT-T; a NAT seen in message 4 moves the initiator to
// the NAT-T port for message 5 (the engine floats on the step's natDetection).
import { NotifyType, PayloadType } from '../codec/constants.ts';
import { encodePayloadBody } from '../codec/payloads.ts';
import type { Random } from '../../runtime/random.ts';
import {
  deriveKeys,
  find,
  header,
  initialContactPayload,
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
import { acceptPhase1Choice, phase1ChoicePayload, phase1OfferPayload, selectPhase1 } from './phase1-proposals.ts';
import { buildClear, buildEncrypted, openMessage } from './protected-message.ts';
import { rawPayloadBody } from './payload-spans.ts';

export function mainModeStart(n: Phase1Negotiation): Phase1Step {
  const sa = phase1OfferPayload(n.policy.proposals);
  n.saiBody = encodePayloadBody(sa);
  n.expect = 2;
  return { send: buildClear(header(n), [sa, ...vendorIdPayloads(n)]), awaitReply: true };
}

function malformed(detail: string): Phase1Step {
  return { failure: { code: 'malformed', detail }, notify: NotifyType.PayloadMalformed };
}

export function mainModeProcess(n: Phase1Negotiation, datagram: Buffer, random: Random): Phase1Step {
  const encryptedStage = n.expect === 5 || n.expect === 6;
  const opened = openMessage(datagram, encryptedStage && n.keys && n.iv ? { keys: n.keys, iv: n.iv } : undefined);
  if (!opened.ok) {
    if (encryptedStage && opened.stage !== 'header') {
      return {
        failure: { code: 'authentication-failed', detail: `message ${n.expect} did not decrypt to valid payloads (pre-shared key mismatch): ${opened.detail}` },
        notify: NotifyType.PayloadMalformed,
      };
    }
    return malformed(`message ${n.expect}: ${opened.detail}`);
  }
  const { payloads, chain } = opened.value;
  const first = opened.value.header.nextPayload;
  if (encryptedStage !== opened.value.header.flags.encrypted) {
    return malformed(`message ${n.expect} must ${encryptedStage ? '' : 'not '}be encrypted`);
  }
  switch (n.expect) {
    case 1: {
      const sa = find(payloads, PayloadType.SA);
      if (!sa) return missing('SA');
      notePeerVendorIds(n, payloads);
      n.saiBody = rawPayloadBody(first, chain, PayloadType.SA);
      const chosen = selectPhase1(sa, n.policy.proposals);
      if (!chosen.ok) return { failure: chosen.reason, notify: NotifyType.NoProposalChosen };
      n.suite = chosen.suite;
      n.expect = 3;
      return { send: buildClear(header(n), [phase1ChoicePayload(sa, chosen.offer.transform), ...vendorIdPayloads(n)]) };
    }
    case 2: {
      const sa = find(payloads, PayloadType.SA);
      if (!sa) return missing('SA');
      notePeerVendorIds(n, payloads);
      const chosen = acceptPhase1Choice(sa, n.policy.proposals);
      if (!chosen.ok) return { failure: chosen.reason, notify: NotifyType.NoProposalChosen };
      n.suite = chosen.suite;
      n.cookieR = opened.value.header.responderCookie;
      const { ke, nonce } = startKeyExchange(n, random);
      n.expect = 4;
      return { send: buildClear(header(n), [ke, nonce, ...natDiscovery(n)]), awaitReply: true };
    }
    case 3: {
      const bad = takePeerKeyExchange(n, payloads);
      if (bad) return bad;
      const { ke, nonce } = startKeyExchange(n, random);
      const failed = deriveKeys(n);
      if (failed) return failed;
      const natDetection = takeNatDiscovery(n, payloads);
      n.expect = 5;
      return { send: buildClear(header(n), [ke, nonce, ...natDiscovery(n)]), natDetection };
    }
    case 4: {
      const bad = takePeerKeyExchange(n, payloads) ?? deriveKeys(n);
      if (bad) return bad;
      const natDetection = takeNatDiscovery(n, payloads);
      const id = ourIdPayload(n);
      const extra = n.sendInitialContact ? [initialContactPayload(n)] : [];
      const sealed = buildEncrypted(header(n), [id, ...ourProof(n, encodePayloadBody(id)), ...extra], n.keys!, n.iv!);
      n.iv = sealed.nextIv;
      n.expect = 6;
      return { send: sealed.datagram, awaitReply: true, natDetection };
    }
    case 5: {
      const bad = verifyPeer(n, payloads, rawPayloadBody(first, chain, PayloadType.ID));
      if (bad) return bad;
      n.iv = opened.value.nextIv;
      const id = ourIdPayload(n);
      const sealed = buildEncrypted(header(n), [id, ...ourProof(n, encodePayloadBody(id))], n.keys!, n.iv!);
      n.iv = sealed.nextIv;
      n.expect = 0;
      return { send: sealed.datagram, established: true };
    }
    case 6: {
      const bad = verifyPeer(n, payloads, rawPayloadBody(first, chain, PayloadType.ID));
      if (bad) return bad;
      n.iv = opened.value.nextIv;
      n.expect = 0;
      return { established: true };
    }
    default:
      return { failure: { code: 'unexpected-message', detail: 'Main Mode message after the exchange completed' } };
  }
}
