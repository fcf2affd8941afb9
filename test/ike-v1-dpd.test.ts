// DeadPeerDetection on its own, on a VirtualClock: when each Junos mode sends R-U-THERE,
// and how `dead-peer-detection` configuration maps to a mode.
import test from 'ava';
import { interiorView } from '../engine/config/view.ts';
import { ikeConfiguration } from '../engine/ike/config-adapter.ts';
import type { DpdMode } from '../engine/ike/policy/index.ts';
import { DeadPeerDetection } from '../engine/ike/v1/dead-peer-detection.ts';
import { interfaceTable } from '../engine/net/interface-table.ts';
import { VirtualClock } from '../engine/runtime/clock.ts';
import { emptyCandidate, words } from './helpers/config.ts';

const INTERVAL = 20_000;

/** A DPD with interval 20 s and threshold 5, recording when it sends and when it gives up. */
function dpd(mode: DpdMode) {
  const clock = new VirtualClock(0);
  const requests: number[] = [];
  const dead: number[] = [];
  const d = new DeadPeerDetection(clock, { interval: 20, threshold: 5, mode }, 100, {
    sendRequest: () => requests.push(clock.now()),
    declareDead: () => dead.push(clock.now()),
  });
  return { clock, d, requests, dead };
}

/** Traffic both ways every 5 s for `ms`: the tunnel is busy and the peer alive. */
function busy(clock: VirtualClock, d: DeadPeerDetection, ms: number): void {
  for (let t = 0; t < ms; t += 5_000) {
    d.sentToPeer();
    d.heardFromPeer();
    clock.advance(5_000);
  }
}

test('idle tunnel: optimized sends nothing and never declares the peer dead', (t) => {
  const { clock, requests, dead } = dpd('optimized');
  clock.advance(3_600_000);
  t.deepEqual(requests, []);
  t.deepEqual(dead, []);
  t.is(clock.nextDue(), undefined, 'no timer runs on an idle tunnel');
});

test('idle tunnel: probe-idle-tunnel probes after an interval of silence and declares the peer dead interval x threshold later', (t) => {
  const { clock, requests, dead } = dpd('probe-idle-tunnel');
  clock.advance(200_000);
  t.deepEqual(requests, [20_000, 40_000, 60_000, 80_000, 100_000]);
  t.deepEqual(dead, [120_000]);
});

test('idle tunnel: always-send probes every interval', (t) => {
  const { clock, d, requests } = dpd('always-send');
  clock.advance(INTERVAL);
  d.acknowledge(101);
  clock.advance(INTERVAL);
  t.deepEqual(requests, [20_000, 40_000]);
});

test('traffic both ways: always-send still probes every interval, the other modes do not', (t) => {
  for (const [mode, expected] of [['always-send', [20_000, 40_000, 60_000, 80_000, 100_000]], ['probe-idle-tunnel', []], ['optimized', []]] as const) {
    const { clock, d, requests, dead } = dpd(mode);
    busy(clock, d, 100_000);
    t.deepEqual(requests, expected, mode);
    t.deepEqual(dead, [], `${mode}: the traffic proves the peer alive`);
  }
});

test('outbound traffic without an answer: optimized probes an interval after the first unanswered packet, then declares the peer dead', (t) => {
  const { clock, d, requests, dead } = dpd('optimized');
  clock.advance(300_000); // idle first: nothing to wait for
  d.sentToPeer();
  clock.advance(15_000);
  d.sentToPeer(); // later packets do not postpone the first probe
  clock.advance(200_000);
  t.deepEqual(requests, [320_000, 340_000, 360_000, 380_000, 400_000]);
  t.deepEqual(dead, [420_000], 'interval x threshold after the first R-U-THERE');
});

test('optimized: an answer within the interval needs no probe; after an answered probe it goes quiet again', (t) => {
  const { clock, d, requests, dead } = dpd('optimized');
  for (let i = 0; i < 10; i++) {
    d.sentToPeer();
    clock.advance(19_000);
    d.heardFromPeer();
    clock.advance(30_000);
  }
  t.deepEqual(requests, [], 'every packet was answered within 20 s');
  d.sentToPeer();
  clock.advance(INTERVAL);
  t.deepEqual(requests, [510_000]);
  t.true(d.acknowledge(101));
  clock.advance(600_000);
  t.deepEqual(requests, [510_000], 'idle again after the peer answered');
  t.deepEqual(dead, []);
});

test('a stale R-U-THERE-ACK does not count; stop() ends probing for good', (t) => {
  const { clock, d, requests, dead } = dpd('optimized');
  d.sentToPeer();
  clock.advance(2 * INTERVAL);
  t.false(d.acknowledge(101), 'the first request was 101, the latest 102');
  t.is(d.outstanding, 2);
  d.stop();
  d.heardFromPeer();
  d.sentToPeer();
  clock.advance(600_000);
  t.deepEqual(requests, [20_000, 40_000]);
  t.deepEqual(dead, []);
});

test('configuration: no mode flag is optimized; probe-idle-tunnel and always-send are taken as configured', (t) => {
  const modeOf = (extra: string) => {
    const c = emptyCandidate();
    for (const line of [
      'interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/24',
      'security ike proposal p1 authentication-method pre-shared-keys',
      'security ike policy pol proposals p1',
      'security ike policy pol pre-shared-key ascii-text secret',
      'security ike gateway gw ike-policy pol',
      'security ike gateway gw address 10.0.0.2',
      'security ike gateway gw external-interface ge-0/0/0.0',
      `security ike gateway gw dead-peer-detection ${extra}`,
    ]) t.true(c.set([], words(line)).ok, line);
    const view = interiorView(c.tree);
    return ikeConfiguration(view, interfaceTable(view)).gateways[0]?.policy.dpd;
  };
  t.deepEqual(modeOf('interval 20'), { interval: 20, threshold: 5, mode: 'optimized' });
  t.deepEqual(modeOf('optimized'), { interval: 10, threshold: 5, mode: 'optimized' });
  t.is(modeOf('probe-idle-tunnel')?.mode, 'probe-idle-tunnel');
  t.is(modeOf('always-send')?.mode, 'always-send');
});
