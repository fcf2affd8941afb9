// `show log FILE`: the device's logs. `kmd` is the key-management log; a file named by
// `security ike traceoptions file NAME` shows the same IKE trace.
import type { ConfigObject } from '../engine/config/view.ts';
import type { Device } from '../engine/device.ts';
import type { CompletionItem, Outcome } from '../shell/interpreter.ts';
import type { CommandContext } from './context.ts';

function traceFile(device: Device): string | undefined {
  const ike = (((device.store.committedView().security ?? {}) as ConfigObject).ike ?? {}) as ConfigObject;
  const file = ((ike.traceoptions ?? {}) as ConfigObject).file as ConfigObject | undefined;
  return typeof file?.filename === 'string' ? file.filename : undefined;
}

export function logNames(device: Device): CompletionItem[] {
  const trace = traceFile(device);
  return [{ name: 'kmd', help: 'Key management log' }, ...(trace ? [{ name: trace, help: 'IKE trace file' }] : [])];
}

export function showLog(ctx: CommandContext, args: Map<string, string[]>): Outcome {
  const name = args.get('filename')![0]!;
  const device = ctx.cli.device;
  if (name !== 'kmd' && name !== traceFile(device)) return ctx.error(`error: could not resolve file: ${name}`);
  for (const line of device.kmdLog) ctx.write(line + '\n');
  return 'continue';
}
