import test from 'ava';
import fc from 'fast-check';
import { VirtualClock } from '../engine/runtime/clock.ts';
import { SeededRandom } from '../engine/runtime/random.ts';
import { Scheduler } from '../engine/lab/scheduler.ts';
import { Wire, type Endpoint } from '../engine/lab/wire.ts';

// A random lab: endpoints spread over a few segments; every receiver, driven by its own
// seeded Random, may answer at once, answer from a timer, or flap its link. Each frame
// carries a hop budget so the whole run is finite.
const action = fc.record({
  at: fc.integer({ min: 0, max: 200 }),
  endpoint: fc.nat(),
  kind: fc.constantFrom('send', 'timer', 'flap'),
  hops: fc.integer({ min: 0, max: 4 }),
});
const scenario = fc.record({
  seed: fc.integer(),
  segmentSizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
  actions: fc.array(action, { maxLength: 12 }),
  steps: fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 4 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function run(s: Scenario): string[] {
  const wire = new Wire();
  const clock = new VirtualClock(0);
  const sched = new Scheduler(wire, clock);
  const log: string[] = [];
  const eps: Endpoint[] = [];
  const frame = (hops: number, tag: string): Buffer => Buffer.concat([Buffer.from([hops]), Buffer.from(tag)]);

  s.segmentSizes.forEach((size, segIdx) => {
    for (let i = 0; i < size; i++) {
      const name = `d${segIdx}:ge-0/0/${i}`;
      const random = new SeededRandom(`${s.seed}/${name}`);
      const ep: Endpoint = wire.attach(`seg${segIdx}`, name, (f, from) => {
        log.push(`t=${clock.now()} ${from.name}>${name} ${f.toString('hex')}`);
        const hops = f[0]!;
        if (hops === 0) return;
        const reply = frame(hops - 1, random.bytes(2).toString('hex'));
        switch (random.int(4)) {
          case 0:
            ep.send(reply);
            break;
          case 1:
            clock.setTimer(random.int(50), () => ep.send(reply));
            break;
          case 2:
            ep.up = !ep.up;
            break;
        }
      });
      eps.push(ep);
    }
  });
  for (const a of s.actions) {
    const ep = eps[a.endpoint % eps.length]!;
    clock.setTimer(a.at, () => {
      if (a.kind === 'flap') ep.up = !ep.up;
      else if (a.kind === 'send') ep.send(frame(a.hops, 'init'));
      else clock.setTimer(a.hops * 10, () => ep.send(frame(a.hops, 'late')));
    });
  }
  for (const ms of s.steps) {
    const r = sched.advance(ms);
    if (!r.ok) throw new Error(r.error);
    log.push(`quiet at t=${clock.now()}`);
    // Quiet means exactly this: nothing in flight, nothing due now.
    const next = clock.nextDue();
    if (wire.inFlight !== 0 || (next !== undefined && next <= clock.now())) throw new Error('not quiet');
  }
  log.push(...eps.map((e) => `${e.name} ${JSON.stringify(e.counters)}`));
  return log;
}

test('any mix of sends and timers runs to quiet, and the same seed gives the same delivery log', (t) => {
  let deliveries = 0;
  fc.assert(
    fc.property(scenario, (s) => {
      const first = run(s);
      const second = run(s);
      deliveries += first.filter((l) => l.includes('>')).length;
      return JSON.stringify(first) === JSON.stringify(second);
    }),
    { numRuns: 200 },
  );
  t.true(deliveries > 0, 'the generated labs actually exchange frames');
});
