// `show security ipsec statistics` from SA states: the structured result the CLI renders.
import { InboundSa, type OutboundSa } from './sa-state.ts';
import type { IpsecFailure } from './transform.ts';

export interface IpsecStatistics {
  esp: { encryptedBytes: number; decryptedBytes: number; encryptedPackets: number; decryptedPackets: number };
  ah: { inputBytes: number; outputBytes: number; inputPackets: number; outputPackets: number };
  errors: {
    ahAuthenticationFailures: number;
    replayErrors: number;
    espAuthenticationFailures: number;
    espDecryptionFailures: number;
    badHeaders: number;
    badTrailers: number;
  };
}

export function emptyIpsecStatistics(): IpsecStatistics {
  return {
    esp: { encryptedBytes: 0, decryptedBytes: 0, encryptedPackets: 0, decryptedPackets: 0 },
    ah: { inputBytes: 0, outputBytes: 0, inputPackets: 0, outputPackets: 0 },
    errors: { ahAuthenticationFailures: 0, replayErrors: 0, espAuthenticationFailures: 0, espDecryptionFailures: 0, badHeaders: 0, badTrailers: 0 },
  };
}

type ErrorCounter = keyof IpsecStatistics['errors'];

/**
 * Where each drop reason is shown. 'unknown-spi' has no line in this command (no SA owns
 * such a packet, so the data path counts it itself); AH cannot fail decryption or a trailer.
 */
const ERROR_COUNTER: Record<'esp' | 'ah', Partial<Record<IpsecFailure, ErrorCounter>>> = {
  esp: {
    replay: 'replayErrors',
    'auth-failed': 'espAuthenticationFailures',
    'decrypt-failed': 'espDecryptionFailures',
    'bad-header': 'badHeaders',
    'bad-trailer': 'badTrailers',
  },
  ah: { replay: 'replayErrors', 'auth-failed': 'ahAuthenticationFailures', 'bad-header': 'badHeaders' },
};

/** Totals over `sas` (all of a device's SAs, or one tunnel's pair for `index N`). */
export function ipsecStatistics(sas: Iterable<InboundSa | OutboundSa>): IpsecStatistics {
  const into = emptyIpsecStatistics();
  for (const sa of sas) {
    const protocol = sa.params.protection.protocol;
    const { packets, bytes } = sa.traffic;
    if (sa instanceof InboundSa) {
      if (protocol === 'esp') {
        into.esp.decryptedPackets += packets;
        into.esp.decryptedBytes += bytes;
      } else {
        into.ah.inputPackets += packets;
        into.ah.inputBytes += bytes;
      }
      for (const [reason, count] of Object.entries(sa.errors) as [IpsecFailure, number][]) {
        const counter = ERROR_COUNTER[protocol][reason];
        if (counter) into.errors[counter] += count;
      }
    } else if (protocol === 'esp') {
      into.esp.encryptedPackets += packets;
      into.esp.encryptedBytes += bytes;
    } else {
      into.ah.outputPackets += packets;
      into.ah.outputBytes += bytes;
    }
  }
  return into;
}
