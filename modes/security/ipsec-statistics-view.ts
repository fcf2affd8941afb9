// `show security ipsec statistics [index N]`: ESP/AH traffic and datapath error counters, as
// the seed prints them (labels indented 2, values from a fixed column), and as
// `<usp-ipsec-total-statistics-information>`.
import type { IpsecSaSnapshot } from '../../engine/ike/sa/index.ts';
import type { IpsecStatistics } from '../../engine/ipsec/statistics.ts';
import { element, leaf, type XmlElement } from './xml.ts';

/** The data plane's statistics are exactly what the command prints. */
export type IpsecStatisticsData = IpsecStatistics;
export type IpsecErrorCounters = IpsecStatistics['errors'];

export const zeroErrors = (): IpsecErrorCounters => ({
  ahAuthenticationFailures: 0,
  replayErrors: 0,
  espAuthenticationFailures: 0,
  espDecryptionFailures: 0,
  badHeaders: 0,
  badTrailers: 0,
});

/**
 * Totals over the IPsec SAs (or the SAs of tunnel `index`): ESP outbound traffic is
 * "encrypted", inbound "decrypted"; AH SAs count as AH output/input. Error counters are not
 * kept per SA by the engine; pass them in when the datapath has them.
 */
export function ipsecStatisticsFromSas(pairs: readonly IpsecSaSnapshot[], index?: number, errors: Partial<IpsecErrorCounters> = {}): IpsecStatisticsData {
  const data: IpsecStatisticsData = {
    esp: { encryptedBytes: 0, decryptedBytes: 0, encryptedPackets: 0, decryptedPackets: 0 },
    ah: { inputBytes: 0, outputBytes: 0, inputPackets: 0, outputPackets: 0 },
    errors: { ...zeroErrors(), ...errors },
  };
  for (const sa of pairs) {
    if (index !== undefined && sa.index !== index) continue;
    const c = sa.counters;
    if (sa.protocol === 'ESP') {
      data.esp.encryptedBytes += c.bytesOut;
      data.esp.decryptedBytes += c.bytesIn;
      data.esp.encryptedPackets += c.packetsOut;
      data.esp.decryptedPackets += c.packetsIn;
    } else {
      data.ah.outputBytes += c.bytesOut;
      data.ah.inputBytes += c.bytesIn;
      data.ah.outputPackets += c.packetsOut;
      data.ah.inputPackets += c.packetsIn;
    }
  }
  return data;
}

export interface IpsecStatisticsProfile {
  /** Indent of the counter lines under each heading. */
  indent: number;
  /** Values left-aligned from this column (the seed), or right-aligned to end there. */
  valueColumn: number;
  align: 'left' | 'right';
  /** The `Errors:` lines. */
  errorLines: (e: IpsecErrorCounters) => string[];
}

const errorLines12 = (e: IpsecErrorCounters) => [
  `AH authentication failures: ${e.ahAuthenticationFailures}, Replay errors: ${e.replayErrors}`,
  `ESP authentication failures: ${e.espAuthenticationFailures}, ESP decryption failures: ${e.espDecryptionFailures}`,
  `Bad headers: ${e.badHeaders}, Bad trailers: ${e.badTrailers}`,
];

/**
 * The seed (notes §3.5): values start in column 24. (The seed's slide has the two
 * `Decrypted` lines one column left of the other six; that is the slide, not a layout.)
 */
export const IPSEC_STATISTICS_PROFILE_12: IpsecStatisticsProfile = { indent: 2, valueColumn: 24, align: 'left', errorLines: errorLines12 };

/** Recent releases (notes §3.5, cSRX): right-aligned to column 35. */
export const IPSEC_STATISTICS_PROFILE_RECENT: IpsecStatisticsProfile = { indent: 2, valueColumn: 35, align: 'right', errorLines: errorLines12 };

export function formatIpsecStatistics(data: IpsecStatisticsData, profile: IpsecStatisticsProfile = IPSEC_STATISTICS_PROFILE_12): string {
  const pad = ' '.repeat(profile.indent);
  const counter = (label: string, value: number) => {
    const head = `${pad}${label}:`;
    const v = String(value);
    if (profile.align === 'left') return head.length < profile.valueColumn ? head.padEnd(profile.valueColumn) + v : `${head} ${v}`;
    return head.length + 1 + v.length <= profile.valueColumn ? head + v.padStart(profile.valueColumn - head.length) : `${head} ${v}`;
  };
  const lines = [
    'ESP Statistics:',
    counter('Encrypted bytes', data.esp.encryptedBytes),
    counter('Decrypted bytes', data.esp.decryptedBytes),
    counter('Encrypted packets', data.esp.encryptedPackets),
    counter('Decrypted packets', data.esp.decryptedPackets),
    'AH Statistics:',
    counter('Input bytes', data.ah.inputBytes),
    counter('Output bytes', data.ah.outputBytes),
    counter('Input packets', data.ah.inputPackets),
    counter('Output packets', data.ah.outputPackets),
    'Errors:',
    ...profile.errorLines(data.errors).map((l) => pad + l),
  ];
  return lines.join('\n') + '\n';
}

export function ipsecStatisticsXml(data: IpsecStatisticsData): XmlElement {
  const { esp, ah, errors: e } = data;
  return element('usp-ipsec-total-statistics-information', [
    element('esp-statistics', [
      leaf('esp-encrypted-bytes', esp.encryptedBytes),
      leaf('esp-decrypted-bytes', esp.decryptedBytes),
      leaf('esp-encrypted-packets', esp.encryptedPackets),
      leaf('esp-decrypted-packets', esp.decryptedPackets),
    ]),
    element('ah-statistics', [
      leaf('ah-input-bytes', ah.inputBytes),
      leaf('ah-output-bytes', ah.outputBytes),
      leaf('ah-input-packets', ah.inputPackets),
      leaf('ah-output-packets', ah.outputPackets),
    ]),
    element('error-statistics', [
      leaf('ah-authentication-failures', e.ahAuthenticationFailures),
      leaf('replay-errors', e.replayErrors),
      leaf('esp-authentication-failures', e.espAuthenticationFailures),
      leaf('esp-decryption-failures', e.espDecryptionFailures),
      leaf('bad-headers', e.badHeaders),
      leaf('bad-trailers', e.badTrailers),
    ]),
  ]);
}
