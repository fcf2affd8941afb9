import test from 'ava';
import { Wire, type Endpoint } from '../engine/lab/wire.ts';

function recorder(): { log: string[]; rx: (name: string) => (frame: Buffer, from: Endpoint) => void } {
  const log: string[] = [];
  return { log, rx: (name) => (frame, from) => log.push(`${from.name}>${name}:${frame.toString()}`) };
}

function drain(wire: Wire): void {
  while (wire.deliverNext());
}

test('send queues instead of delivering, then every other endpoint gets the frame in send order', (t) => {
  const wire = new Wire();
  const { log, rx } = recorder();
  const a = wire.attach('lan', 'A:ge-0/0/0', rx('A'));
  wire.attach('lan', 'B:ge-0/0/0', rx('B'));
  wire.attach('lan', 'host:h', rx('h'));
  wire.attach('other', 'C:ge-0/0/0', rx('C'));
  a.send(Buffer.from('one'));
  a.send(Buffer.from('two'));
  t.deepEqual(log, [], 'nothing is delivered inside send');
  t.is(wire.inFlight, 4);
  drain(wire);
  t.deepEqual(log, ['A:ge-0/0/0>B:one', 'A:ge-0/0/0>h:one', 'A:ge-0/0/0>B:two', 'A:ge-0/0/0>h:two']);
  t.is(a.counters.txFrames, 2);
  t.is(wire.endpoint('B:ge-0/0/0')!.counters.rxFrames, 2);
});

test('each receiver gets its own copy, taken at send time', (t) => {
  const wire = new Wire();
  const got: Buffer[] = [];
  const a = wire.attach('s', 'a');
  wire.attach('s', 'b', (f) => {
    got.push(f);
    f.fill(0x58);
  });
  wire.attach('s', 'c', (f) => got.push(f));
  const frame = Buffer.from('abc');
  a.send(frame);
  frame.write('zzz');
  drain(wire);
  t.is(got[0]!.toString(), 'XXX');
  t.is(got[1]!.toString(), 'abc');
});

test('a reply sent from a receiver is queued behind frames already in flight', (t) => {
  const wire = new Wire();
  const { log, rx } = recorder();
  const a = wire.attach('s', 'a', rx('a'));
  const b = wire.attach('s', 'b', (f, from) => {
    log.push(`${from.name}>b:${f.toString()}`);
    if (f.toString() === 'ping') b.send(Buffer.from('pong'));
  });
  a.send(Buffer.from('ping'));
  a.send(Buffer.from('later'));
  drain(wire);
  t.deepEqual(log, ['a>b:ping', 'a>b:later', 'b>a:pong']);
});

test('down links drop and count, in both directions and while a frame is in flight', (t) => {
  const wire = new Wire();
  const { log, rx } = recorder();
  const a = wire.attach('s', 'a', rx('a'));
  const b = wire.attach('s', 'b', rx('b'));
  a.up = false;
  a.send(Buffer.from('x'));
  t.is(wire.inFlight, 0);
  t.is(a.counters.txDropped, 1);
  b.send(Buffer.from('y'));
  drain(wire);
  t.is(a.counters.rxDropped, 1);
  a.up = true;
  a.send(Buffer.from('z'));
  b.up = false;
  drain(wire);
  t.is(b.counters.rxDropped, 1);
  t.deepEqual(log, []);
  b.up = true;
  a.send(Buffer.from('w'));
  drain(wire);
  t.deepEqual(log, ['a>b:w']);
});

test('segment observers see each frame once per send, not per receiver', (t) => {
  const wire = new Wire();
  const seen: string[] = [];
  const a = wire.attach('s', 'a');
  wire.attach('s', 'b');
  wire.attach('s', 'c');
  wire.segment('s').onFrame.push((f, from, seg) => seen.push(`${seg.name}:${from.name}:${f.toString()}`));
  a.send(Buffer.from('hi'));
  t.deepEqual(seen, ['s:a:hi']);
});

test('an endpoint name can be attached only once', (t) => {
  const wire = new Wire();
  wire.attach('s', 'Edge:ge-1/0/1');
  t.throws(() => wire.attach('t', 'Edge:ge-1/0/1'), { message: /already attached/ });
});
