import test from 'ava';
import { VirtualClock } from '../engine/runtime/clock.ts';
import { LiveScheduler, Scheduler } from '../engine/lab/scheduler.ts';
import { Wire } from '../engine/lab/wire.ts';

function lab(maxSteps?: number): { wire: Wire; clock: VirtualClock; sched: Scheduler; log: string[] } {
  const wire = new Wire();
  const clock = new VirtualClock(0);
  return { wire, clock, sched: new Scheduler(wire, clock, maxSteps === undefined ? {} : { maxSteps }), log: [] };
}

test('runUntilQuiet delivers frames and fires zero-delay timers until nothing is left', (t) => {
  const { wire, clock, sched, log } = lab();
  const a = wire.attach('s', 'a', (f) => log.push(`a got ${f.toString()}`));
  const b = wire.attach('s', 'b', (f) => {
    log.push(`b got ${f.toString()}`);
    clock.setTimer(0, () => {
      log.push('b timer');
      b.send(Buffer.from('ack'));
    });
  });
  clock.setTimer(5, () => log.push('not yet'));
  a.send(Buffer.from('hello'));
  t.deepEqual(sched.runUntilQuiet(), { ok: true });
  t.deepEqual(log, ['b got hello', 'b timer', 'a got ack']);
  t.is(wire.inFlight, 0);
  t.is(clock.now(), 0);
});

test('a ping-pong that never ends is reported as an error value, not a hang', (t) => {
  const { wire, sched } = lab(1000);
  const a = wire.attach('s', 'a', (f) => a.send(f));
  const b = wire.attach('s', 'b', (f) => b.send(f));
  a.send(Buffer.from('ball'));
  const r = sched.runUntilQuiet();
  t.false(r.ok);
  if (!r.ok) t.regex(r.error, /not quiet after 1000 steps at t=0: (a -> b|b -> a) on s \(4 bytes\)/);
});

test('the step bound only trips when the lab is still busy', (t) => {
  const { wire, sched } = lab(3);
  const a = wire.attach('s', 'a');
  wire.attach('s', 'b');
  for (let i = 0; i < 3; i++) a.send(Buffer.from([i]));
  t.deepEqual(sched.runUntilQuiet(), { ok: true });
});

test('advance stops at each timer in due order and runs until quiet there', (t) => {
  const { wire, clock, sched, log } = lab();
  const a = wire.attach('s', 'a');
  wire.attach('s', 'b', (f) => log.push(`t=${clock.now()} b got ${f.toString()}`));
  clock.setTimer(30, () => log.push(`t=${clock.now()} timer 30`));
  clock.setTimer(10, () => {
    log.push(`t=${clock.now()} timer 10`);
    a.send(Buffer.from('from10'));
    clock.setTimer(15, () => log.push(`t=${clock.now()} timer 25`));
  });
  clock.setTimer(10, () => log.push(`t=${clock.now()} second timer 10`));
  clock.setTimer(100, () => log.push('too late'));
  t.deepEqual(sched.advance(50), { ok: true });
  t.is(clock.now(), 50);
  t.deepEqual(log, [
    't=10 timer 10',
    't=10 second timer 10',
    't=10 b got from10',
    't=25 timer 25',
    't=30 timer 30',
  ]);
  t.deepEqual(sched.advance(50), { ok: true });
  t.is(log.at(-1), 'too late');
});

test('advance reports livelock at the instant it happens', (t) => {
  const { wire, clock, sched } = lab(500);
  const a = wire.attach('s', 'a', (f) => a.send(f));
  wire.attach('s', 'b', (f) => a.send(f));
  clock.setTimer(20, () => a.send(Buffer.from('x')));
  const r = sched.advance(60);
  t.false(r.ok);
  if (!r.ok) t.regex(r.error, /at t=20/);
});

test('advance rejects negative time', (t) => {
  t.throws(() => lab().sched.advance(-1), { instanceOf: RangeError });
});

test('the live scheduler delivers on setImmediate and reports receiver errors', async (t) => {
  const wire = new Wire();
  const errors: unknown[] = [];
  const live = new LiveScheduler(wire, { batch: 2, onError: (e) => errors.push(e) });
  const got: string[] = [];
  const a = wire.attach('s', 'a');
  wire.attach('s', 'b', (f) => {
    if (f.toString() === 'bad') throw new Error('boom');
    got.push(f.toString());
  });
  live.start();
  for (const s of ['1', 'bad', '2', '3', '4']) a.send(Buffer.from(s));
  t.deepEqual(got, []);
  // Five frames in batches of two take three event-loop turns.
  for (let turn = 0; turn < 3; turn++) await new Promise((r) => setImmediate(r));
  t.deepEqual(got, ['1', '2', '3', '4']);
  t.is(errors.length, 1);
  live.stop();
  a.send(Buffer.from('after stop'));
  await new Promise((r) => setImmediate(r));
  t.is(wire.inFlight, 1);
});
