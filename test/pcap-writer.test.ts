// The pcap writer, byte by byte against the libpcap file format (pcap-savefile(5)): the
// 24-byte file header, 16-byte record headers, the snapshot length cutting frames while
// keeping their original length, clock timestamps, and a file readable while it is written.
import test from 'ava';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { LINKTYPE_RAW, MAX_SNAPLEN, PcapWriter, pcapFileHeader, pcapRecord } from '../engine/lab/pcap-writer.ts';
import { tempDir } from './helpers/config.ts';
import { parsePcap } from './helpers/capture.ts';

test('the file header is libpcap 2.4, microsecond magic, UTC, raw-IP link type, with the snapshot length', (t) => {
  const h = pcapFileHeader(1500);
  t.is(h.length, 24);
  t.is(h.toString('hex'), 'd4c3b2a1' + '0200' + '0400' + '00000000' + '00000000' + 'dc050000' + '65000000');
  t.is(LINKTYPE_RAW, 101);
});

test('a record carries seconds and microseconds of the clock time, the captured and the original length', (t) => {
  const frame = Buffer.from('450000140000000040000000010203040a0b0c0d', 'hex');
  const r = pcapRecord(frame, Date.UTC(2012, 5, 1, 10, 0, 0) + 1234, MAX_SNAPLEN);
  t.is(r.readUInt32LE(0), Date.UTC(2012, 5, 1, 10, 0, 1) / 1000);
  t.is(r.readUInt32LE(4), 234_000);
  t.is(r.readUInt32LE(8), frame.length);
  t.is(r.readUInt32LE(12), frame.length);
  t.deepEqual(r.subarray(16), frame);
});

test('the snapshot length cuts frames and keeps their original length', (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), fc.integer({ min: 1, max: 400 }), fc.nat(2 ** 40), (bytes, snaplen, ms) => {
      const frame = Buffer.from(bytes);
      const r = pcapRecord(frame, ms, snaplen);
      const kept = Math.min(frame.length, snaplen);
      return r.length === 16 + kept && r.readUInt32LE(8) === kept && r.readUInt32LE(12) === frame.length && r.subarray(16).equals(frame.subarray(0, kept)) && r.readUInt32LE(4) < 1_000_000;
    }),
  );
  t.pass();
});

test('a writer makes a file that reads back record by record while it is still open, and closes it', (t) => {
  const dir = tempDir();
  const file = path.join(dir, 'seg.pcap');
  const w = new PcapWriter(file, 64);
  t.is(readFileSync(file).length, 24, 'the header is on disk before any frame');
  const frames = [Buffer.alloc(40, 1), Buffer.alloc(100, 2), Buffer.alloc(64, 3)];
  frames.forEach((f, i) => w.write(f, 1_000_000 + i * 500));
  const open = parsePcap(readFileSync(file));
  t.like(open, { magic: 0xa1b2c3d4, major: 2, minor: 4, thiszone: 0, snaplen: 64, linktype: 101 });
  t.deepEqual(
    open.records.map((r) => [r.sec, r.usec, r.caplen, r.origlen]),
    [[1000, 0, 40, 40], [1000, 500_000, 64, 100], [1001, 0, 64, 64]],
  );
  t.deepEqual(open.records[1]!.data, frames[1]!.subarray(0, 64));
  w.close();
  w.write(Buffer.alloc(10), 0);
  t.is(parsePcap(readFileSync(file)).records.length, 3, 'nothing is written after close');
  t.deepEqual(readdirSync(dir), ['seg.pcap'], 'no temporary file is left behind');
});

test('a new capture replaces an old file of the same name whole', (t) => {
  const file = path.join(tempDir(), 'old.pcap');
  writeFileSync(file, Buffer.alloc(500, 0xee));
  const w = new PcapWriter(file);
  t.deepEqual(readFileSync(file), pcapFileHeader(MAX_SNAPLEN));
  w.close();
});

test('snapshot lengths outside 1..65535 are refused', (t) => {
  const file = path.join(tempDir(), 'x.pcap');
  for (const bad of [0, -1, 65536, 1.5]) t.throws(() => new PcapWriter(file, bad), { instanceOf: RangeError });
});
