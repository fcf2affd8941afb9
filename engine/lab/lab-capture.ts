// `Lab` option `capture`: a directory holding one pcap per segment (`<segment>.pcap`,
// whole frames, both directions) for the lab's life, plus the key tables and preferences
// that make the directory a Wireshark configuration directory:
//   WIRESHARK_CONFIG_DIR=DIR wireshark DIR/edge-remote.pcap
import path from 'node:path';
import { ensureDir } from '../config/persistence/atomic-file.ts';
import type { Device } from '../device.ts';
import type { Clock } from '../runtime/clock.ts';
import { KeyExport } from './key-export.ts';
import { PcapWriter } from './pcap-writer.ts';
import { tapSegment } from './segment-tap.ts';
import type { Segment } from './wire.ts';

/** A segment's capture file name: its name, with anything unsafe in a file name replaced. */
export function captureFileName(segment: string): string {
  return `${segment.replace(/[^A-Za-z0-9._-]/g, '_')}.pcap`;
}

export class LabCapture {
  private readonly writers: PcapWriter[] = [];
  private readonly untaps: (() => void)[] = [];
  private readonly keys: KeyExport;

  /** Call before the devices start, so the capture begins with their first frame. */
  constructor(dir: string, segments: readonly Segment[], devices: ReadonlyMap<string, Device>, clock: Clock) {
    ensureDir(dir);
    for (const segment of segments) {
      const writer = new PcapWriter(path.join(dir, captureFileName(segment.name)));
      this.writers.push(writer);
      this.untaps.push(tapSegment(segment, (frame) => writer.write(frame, clock.now())));
    }
    this.keys = new KeyExport(dir, devices);
  }

  stop(): void {
    for (const untap of this.untaps.splice(0)) untap();
    for (const w of this.writers) w.close();
    this.keys.stop();
  }
}
