// The 64-packet anti-replay window, against the RFC's definition and a naive model.
import test from 'ava';
import fc from 'fast-check';
import { REPLAY_WINDOW_SIZE, ReplayWindow } from '../engine/ipsec/replay-window.ts';

const receive = (w: ReplayWindow, seq: number): boolean => {
  if (!w.check(seq)) return false;
  w.accept(seq);
  return true;
};

test('in-order packets pass, each exactly once', (t) => {
  const w = new ReplayWindow();
  for (let seq = 1; seq <= 200; seq++) t.true(receive(w, seq), `first ${seq}`);
  for (let seq = 137; seq <= 200; seq++) t.false(w.check(seq), `duplicate ${seq}`);
  t.is(w.highestAccepted, 200);
});

test('sequence number 0 is never valid (RFC 4303 3.3.3: the first packet is 1)', (t) => {
  t.false(new ReplayWindow().check(0));
});

test('the window is exactly 64 wide: highest-63 is accepted, highest-64 is too old', (t) => {
  const w = new ReplayWindow();
  t.true(receive(w, 1000));
  t.true(w.check(1000 - (REPLAY_WINDOW_SIZE - 1)));
  t.false(w.check(1000 - REPLAY_WINDOW_SIZE));
  t.true(receive(w, 1000 - 63));
  t.false(w.check(1000 - 63), 'and only once');
});

test('check() alone does not move the window (a packet whose ICV fails must leave no trace)', (t) => {
  const w = new ReplayWindow();
  receive(w, 10);
  t.true(w.check(5000));
  t.is(w.highestAccepted, 10);
  t.true(w.check(9), 'old packets are still welcome');
});

test('a large jump forgets the bits of the old window', (t) => {
  const w = new ReplayWindow();
  for (let seq = 1; seq <= 127; seq++) receive(w, seq);
  // 223 lands in the ring block that held 96..127; stale bits would reject 192..222.
  t.true(receive(w, 223));
  for (let seq = 160; seq < 223; seq++) t.true(receive(w, seq), `${seq} is new`);
});

test('sequence numbers near 2^32 - 1 work', (t) => {
  const w = new ReplayWindow();
  t.true(receive(w, 0xffffffff));
  t.true(receive(w, 0xffffffff - 31));
  t.false(w.check(0xffffffff - 31));
  t.false(w.check(0xffffffff - 64));
});

test('property: agrees with a model that remembers every sequence number', (t) => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 5000 })), { maxLength: 300 }), (seqs) => {
      const w = new ReplayWindow();
      const seen = new Set<number>();
      let highest = 0;
      for (const seq of seqs) {
        const expected = seq !== 0 && !seen.has(seq) && seq > highest - REPLAY_WINDOW_SIZE;
        if (receive(w, seq) !== expected) return false;
        if (expected) {
          seen.add(seq);
          highest = Math.max(highest, seq);
        }
      }
      return true;
    }),
  );
  t.pass();
});
