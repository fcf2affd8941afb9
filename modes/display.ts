// Configuration output with the `| display set|xml|json` and `| compare` pipes applied.
import { renderCurly } from '../engine/config/render-curly.ts';
import { renderSet } from '../engine/config/render-set.ts';
import { renderXml } from '../engine/config/render-xml.ts';
import { renderJson } from '../engine/config/render-json.ts';
import { formatUtc } from '../engine/config/commit-log.ts';
import type { Interior } from '../engine/config/tree.ts';
import type { Device } from '../engine/device.ts';
import type { CommandContext } from './context.ts';

export const CONFIG_PIPES = [
  { name: 'compare', help: 'Compare configuration changes with prior version' },
  { name: 'display', help: 'Show additional kinds of information' },
];

export const DISPLAY_CHOICES = [
  { name: 'json', help: 'Show output in JSON format' },
  { name: 'set', help: 'Show configuration as set commands' },
  { name: 'xml', help: 'Show output as XML tags' },
];

/** Renders `node` (whose set-form path is `path`) as `| display` asks; undefined if the pipe is wrong. */
export function displayConfig(ctx: CommandContext, device: Device, node: Interior | undefined, path: string[]): string | undefined {
  const display = ctx.pipe('display');
  if (!node) return display && !['set', 'xml', 'json'].some((k) => display[0] !== undefined && k.startsWith(display[0])) ? undefined : '';
  if (!display) return renderCurly(node);
  const kind = ['set', 'xml', 'json'].find((k) => display[0] !== undefined && k.startsWith(display[0]));
  if (kind === 'set') return renderSet(node, path);
  const last = device.store.history()[0];
  if (kind === 'xml') {
    return renderXml(node, {
      release: device.facts.release,
      commitSeconds: Math.floor((last?.time ?? 0) / 1000),
      commitLocaltime: formatUtc(last?.time ?? 0),
      commitUser: last?.user ?? 'root',
    });
  }
  if (kind === 'json') return renderJson(node);
  return undefined;
}
