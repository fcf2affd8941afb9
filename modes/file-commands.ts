// `file list` and `file show`: the device's file area (saved configurations, `| save` output).
import type { CommandNode } from './command-tree.ts';
import type { CommandContext } from './context.ts';

export const fileCommands: CommandNode<CommandContext> = {
  name: 'file', help: 'Perform file operations',
  children: [
    {
      name: 'list', help: 'List file information',
      run: (ctx) => {
        const files = ctx.cli.device.files.list();
        ctx.write(`/var/home/${ctx.cli.login.user}/:\n${files.map((f) => `${f}\n`).join('')}`);
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
