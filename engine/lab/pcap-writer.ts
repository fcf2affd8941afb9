// Classic libpcap capture files (the format of tcpdump -w, which Wireshark and tshark read)
// holding the lab wire's frames as they are: IPv4 datagrams with no link-layer header.
// Timestamps come from the caller's Clock, so a virtual lab writes the same file every run.
// Each record goes to the operating system as it is written, so a capture in progress can
// be read (tshark -r, or Wireshark's reload) while the lab runs on.
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fsyncDir, tempName } from '../config/persistence/atomic-file.ts';

/** Microsecond-resolution pcap, written little-endian (the magic tells readers the order). */
export const PCAP_MAGIC = 0xa1b2c3d4;
/**
 * LINKTYPE_RAW: each packet starts with its IPv4 (or IPv6) header. Preferred to
 * LINKTYPE_IPV4 (228) because every tcpdump and Wireshark release knows it.
 */
export const LINKTYPE_RAW = 101;
/** Largest snapshot length we write: a lab frame is an IPv4 datagram, at most 65535 bytes. */
export const MAX_SNAPLEN = 65535;
const FILE_HEADER_LENGTH = 24;
const RECORD_HEADER_LENGTH = 16;

export function pcapFileHeader(snaplen: number): Buffer {
  const h = Buffer.alloc(FILE_HEADER_LENGTH);
  h.writeUInt32LE(PCAP_MAGIC, 0);
  h.writeUInt16LE(2, 4); // version 2.4, the only one there is
  h.writeUInt16LE(4, 6);
  h.writeInt32LE(0, 8); // timestamps are UTC
  h.writeUInt32LE(0, 12); // sigfigs, always 0
  h.writeUInt32LE(snaplen, 16);
  h.writeUInt32LE(LINKTYPE_RAW, 20);
  return h;
}

/** One record: the frame cut to `snaplen` bytes, with its original length kept. */
export function pcapRecord(frame: Buffer, timeMs: number, snaplen: number): Buffer {
  const kept = Math.min(frame.length, snaplen);
  const r = Buffer.alloc(RECORD_HEADER_LENGTH + kept);
  const ms = Math.floor(timeMs);
  r.writeUInt32LE(Math.floor(ms / 1000), 0);
  r.writeUInt32LE((ms % 1000) * 1000, 4);
  r.writeUInt32LE(kept, 8);
  r.writeUInt32LE(frame.length, 12);
  frame.copy(r, RECORD_HEADER_LENGTH, 0, kept);
  return r;
}

export class PcapWriter {
  private fd: number | undefined;

  /**
   * Creates `file` with its header under a temporary name and renames it into place, so a
   * reader sees the old file or a valid new capture, never a torn header; records are then
   * appended through the open descriptor.
   */
  constructor(
    readonly file: string,
    readonly snaplen: number = MAX_SNAPLEN,
  ) {
    if (!Number.isInteger(snaplen) || snaplen < 1 || snaplen > MAX_SNAPLEN) throw new RangeError(`snapshot length ${snaplen} is not within 1..${MAX_SNAPLEN}`);
    const dir = path.dirname(file);
    const tmp = path.join(dir, tempName(path.basename(file)));
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, pcapFileHeader(snaplen));
      fsyncSync(fd);
      renameSync(tmp, file);
      fsyncDir(dir);
    } catch (err) {
      closeSync(fd);
      throw err;
    }
    this.fd = fd;
  }

  write(frame: Buffer, timeMs: number): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, pcapRecord(frame, timeMs, this.snaplen));
  }

  close(): void {
    if (this.fd === undefined) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
  }
}
