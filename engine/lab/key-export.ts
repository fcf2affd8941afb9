// A lab's key export: Wireshark's decryption tables for every IKE and ESP SA the lab's
// devices negotiate, taken from the engines' own SA state and rewritten atomically whenever
// an IKE event brings a new one. Entries stay after their SA is deleted, so a capture
// covering the lab's life decrypts from its first frame. The files are debugging artifacts
// a user asks for with --capture; keys are never printed anywhere.
import { writeFileAtomic } from '../config/persistence/atomic-file.ts';
import type { Device } from '../device.ts';
import type { IkeLogEntry } from '../ike/sa/events.ts';
import { espSaTable, ikev1DecryptionTable, WIRESHARK_PREFERENCES, type EspSaKey, type IkeSaKey } from './wireshark-keys.ts';

export const IKEV1_TABLE_FILE = 'ikev1_decryption_table';
export const ESP_TABLE_FILE = 'esp_sa';
export const PREFERENCES_FILE = 'preferences';

/** Any address: the SPI alone finds the SA, also where NAT rewrote the outer addresses. */
const ANY = '*';

export class KeyExport {
  private readonly ike = new Map<string, IkeSaKey>();
  private readonly esp = new Map<string, EspSaKey>();
  private readonly detach: (() => void)[] = [];

  constructor(
    private readonly dir: string,
    private readonly devices: ReadonlyMap<string, Device>,
  ) {
    writeFileAtomic(dir, PREFERENCES_FILE, WIRESHARK_PREFERENCES);
    this.write();
    for (const device of devices.values()) {
      const observe = (_: IkeLogEntry) => this.refresh();
      device.ikeObservers.push(observe);
      this.detach.push(() => {
        const i = device.ikeObservers.indexOf(observe);
        if (i >= 0) device.ikeObservers.splice(i, 1);
      });
    }
  }

  /** Collects SAs not yet exported from every device; rewrites the tables if there were any. */
  refresh(): void {
    let added = false;
    for (const [name, device] of this.devices) {
      const snapshots = device.ike.ikeSas();
      for (const k of device.ike.ikeSaEncryptionKeys()) {
        const id = k.initiatorCookie.toString('hex');
        if (this.ike.has(id)) continue;
        const sa = snapshots.find((s) => s.initiatorCookie === id);
        const where = sa ? `gateway ${sa.gateway}, ${sa.localAddress} <-> ${sa.remoteAddress}` : 'gateway unknown';
        this.ike.set(id, { initiatorCookie: k.initiatorCookie, encryptionKey: k.encryptionKey, comment: `IKE SA ${id}/${k.responderCookie.toString('hex')}: ${name}, ${where}` });
        added = true;
      }
      for (const pair of device.ike.ipsecSas()) {
        if (pair.protocol !== 'ESP') continue;
        for (const [direction, sa] of [['inbound', pair.inbound], ['outbound', pair.outbound]] as const) {
          const id = `${sa.spiHex}|${sa.encryptionKey.toString('hex')}`;
          if (this.esp.has(id)) continue;
          const path = direction === 'inbound' ? `from ${pair.remoteAddress}` : `to ${pair.remoteAddress}`;
          this.esp.set(id, {
            src: ANY,
            dst: ANY,
            spi: sa.spi,
            encryption: pair.encryptionAlgorithm,
            encryptionKey: sa.encryptionKey,
            authentication: pair.authenticationAlgorithm,
            authenticationKey: sa.integrityKey,
            comment: `SPI 0x${sa.spiHex}: ${name}'s ${direction} SA of vpn ${pair.vpn}, ${path}, ${pair.algorithm}`,
          });
          added = true;
        }
      }
    }
    if (added) this.write();
  }

  stop(): void {
    for (const d of this.detach.splice(0)) d();
  }

  private write(): void {
    writeFileAtomic(this.dir, IKEV1_TABLE_FILE, ikev1DecryptionTable([...this.ike.values()]));
    writeFileAtomic(this.dir, ESP_TABLE_FILE, espSaTable([...this.esp.values()]));
  }
}
