// `file list` and `file show`: the device's file area (saved configurations, `| save` output).
import { FileArea } from '../engine/file-area.ts';
import type { CommandNode } from './command-tree.ts';
import type { CommandContext } from './context.ts';

export const fileCommands: CommandNode<CommandContext> = {
  name: 'file', help: 'Perform file operations',
  children: [
    {
      name: 'list', help: 'List file information',
      // The home by default; `/var/tmp` holds `monitor traffic ... write-file` captures.
      arg: { name: 'path', help: 'Path name', optional: true, values: () => [{ name: '/var/tmp', help: '' }] },
      run: (ctx, args) => {
        const home = `/var/home/${ctx.cli.login.user}`;
        const dir = (args.get('path')?.[0] ?? home).replace(/(.)\/+$/, '$1');
        if (dir !== home && !FileArea.isDirectory(dir)) return ctx.error(`${dir}: No such file or directory`);
        const files = ctx.cli.device.files.list(dir === home ? undefined : dir);
        ctx.write(`${dir}/:\n${files.map((f) => `${f}\n`).join('')}`);
        return 'continue';
      },
    },
    {
      name: 'show', help: 'Show file contents', arg: { name: 'filename', help: 'Name of file', values: (device) => device.files.list().map((f) => ({ name: f, help: '' })) },
      run: (ctx, args) => {
        const name = args.get('filename')![0]!;
        const text = ctx.cli.device.files.read(name);
        if (text === undefined) return ctx.error(`error: could not resolve file: ${name}`);
        ctx.write(text.endsWith('\n') || text === '' ? text : text + '\n');
        return 'continue';
      },
    },
  ],
};
