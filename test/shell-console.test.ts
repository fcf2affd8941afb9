import test from 'ava';
import { PassThrough } from 'node:stream';
import { VirtualClock } from '../engine/runtime/clock.ts';
import { runConsole } from '../shell/console.ts';
import { FakeInterpreter } from './shell-harness.ts';

test('the console falls back to line-by-line mode when stdin is not a TTY', async (t) => {
  const input = new PassThrough() as PassThrough & NodeJS.ReadStream;
  const output = new PassThrough() as PassThrough & NodeJS.WriteStream;
  let text = '';
  output.on('data', (d: Buffer) => (text += d.toString()));
  const done = runConsole({ interpreter: new FakeInterpreter(), clock: new VirtualClock(), input, output });
  input.end('echo hello\nshow lines 2 | count\n');
  t.is(await done, 'eof');
  t.is(text, 'hello\nCount: 2 lines\n');
});
