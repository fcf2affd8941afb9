import test from 'ava';
import fc from 'fast-check';
import { configureBoth, Lab, p1, type WireRecord } from './ike-v1-lab.ts';

function dropNth(from: 'A' | 'B', n: number): (r: WireRecord) => boolean {
  let seen = 0;
  return (r) => (r.from === from ? ++seen !== n : true);
}

test('lost Main Mode message 6: the retransmitted message 5 is a duplicate and message 6 is resent', (t) => {
  const lab = new Lab();
  lab.filter = dropNth('B', 3); // B's 3rd datagram is MM message 6
  configureBoth(lab);
  t.is(lab.A.ikeSas()[0].state, 'DOWN');
  t.is(lab.B.ikeSas()[0].state, 'UP');
  lab.advance(10_000);
  t.is(lab.B.statistics().duplicatesReceived, 1);
  t.is(lab.A.statistics().retransmissions, 1);
  t.is(lab.A.ikeSas()[0].state, 'UP');
  t.is(lab.A.ipsecSas().length, 1);
  t.is(lab.B.ipsecSas()[0].outbound.spi, lab.A.ipsecSas()[0].inbound.spi);
  const resent = lab.sent('B').filter((r) => r.delivered);
  t.true(resent.some((r, i) => i > 0 && r.datagram.equals(lab.sent('B')[2].datagram)), 'message 6 resent byte for byte');
});

test('lost Quick Mode message 3: the responder retransmits message 2, the initiator answers its duplicate', (t) => {
  const lab = new Lab();
  lab.filter = dropNth('A', 5); // MM1, MM3, MM5, QM1, QM3
  configureBoth(lab);
  t.is(lab.A.ipsecSas().length, 1);
  t.is(lab.B.ipsecSas().length, 0);
  lab.advance(10_000);
  t.is(lab.A.statistics().duplicatesReceived, 1);
  t.is(lab.B.ipsecSas().length, 1);
  t.is(lab.B.ipsecSas()[0].inbound.spi, lab.A.ipsecSas()[0].outbound.spi);
});

test('a replayed Main Mode message 1 after establishment changes nothing', (t) => {
  const lab = new Lab();
  configureBoth(lab);
  const first = lab.sent('A')[0].datagram;
  const view = () => lab.B.ikeSas().map(({ counters: _, ...rest }) => rest);
  const before = view();
  lab.B.receive(first, { address: '10.0.0.1', port: 500 });
  lab.run();
  t.deepEqual(view(), before);
  t.is(lab.wire.length, 9, 'nothing was sent in reply');
  t.is(lab.B.statistics().droppedReceived, 1);
});

test('random datagrams never throw and are counted as malformed', (t) => {
  const lab = new Lab();
  configureBoth(lab);
  let fed = 0;
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
      lab.A.receive(Buffer.from(bytes), { address: '10.0.0.2', port: 500 });
      fed++;
    }),
    { numRuns: 500, seed: 42 },
  );
  const s = lab.A.statistics();
  t.is(s.internalErrors, 0);
  t.is(s.malformedReceived + s.droppedReceived, fed);
  t.is(lab.A.ikeSas()[0].state, 'UP');
});

test('mutated recorded datagrams never throw, never break the established SAs', (t) => {
  const lab = new Lab();
  configureBoth(lab, { phase1: { dpd: { interval: 10, threshold: 3, mode: 'probe-idle-tunnel' } } }, { phase1: { dpd: { interval: 10, threshold: 3, mode: 'probe-idle-tunnel' } } });
  lab.advance(30_000); // some DPD traffic to mutate as well
  const recorded = lab.wire.map((r) => r);
  const spiA = lab.A.ipsecSas()[0].inbound.spi;
  fc.assert(
    fc.property(
      fc.nat({ max: recorded.length - 1 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
      fc.boolean(),
      (which, flips, truncate) => {
        const record = recorded[which];
        const bytes = Buffer.from(record.datagram);
        for (const [at, xor] of flips) bytes[at % bytes.length] ^= xor;
        const datagram = truncate ? bytes.subarray(0, Math.max(0, bytes.length - 5)) : bytes;
        const target = record.to === 'A' ? lab.A : lab.B;
        target.receive(datagram, { address: record.from === 'A' ? '10.0.0.1' : '10.0.0.2', port: 500 });
        lab.run();
      },
    ),
    { numRuns: 400, seed: 7 },
  );
  for (const engine of [lab.A, lab.B]) {
    t.is(engine.statistics().internalErrors, 0);
  }
  t.true(lab.A.statistics().malformedReceived + lab.A.statistics().droppedReceived > 0);
  t.true(lab.A.ipsecSas().some((p) => p.inbound.spi === spiA), 'mutations did not tear down the tunnel');
});

function scenario(seed: string): Buffer[] {
  const lab = new Lab({ seed });
  configureBoth(lab, { phase1: { dpd: { interval: 20, threshold: 5, mode: 'probe-idle-tunnel' } } }, { phase1: { proposals: [p1()], dpd: { interval: 20, threshold: 5, mode: 'probe-idle-tunnel' } } });
  lab.advance(700_000); // DPD, IKE rekey
  lab.filter = (r) => r.from === 'A';
  lab.advance(200_000); // DPD death and re-initiation attempts
  return lab.wire.map((r) => r.datagram);
}

test('deterministic: the same seed gives a byte-identical message log, another seed does not', (t) => {
  const one = scenario('s1');
  const two = scenario('s1');
  t.true(one.length > 20);
  t.deepEqual(one.map((b) => b.toString('hex')), two.map((b) => b.toString('hex')));
  const other = scenario('s2');
  t.notDeepEqual(other.map((b) => b.toString('hex')), one.map((b) => b.toString('hex')));
});
