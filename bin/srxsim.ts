// srxsim's command line: `lab up` (and `start`, the default lab with its console),
// `replay` and `record` (transcripts).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { labUp } from './lab-up.ts';
import { recordCommand, replayCommand, transcriptUsage } from '../shell/transcript/commands.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const usage = `usage:
  srxsim start                       the default lab, console attached (npm start)
  srxsim lab up [LAB_FILE] [--ssh-port BASE] [--listen ADDRESS] [--no-console] [--state DIR] [--capture DIR]
${transcriptUsage}`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
}

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  if (args[0] === 'replay') return replayCommand(args.slice(1));
  if (args[0] === 'record') return recordCommand(args.slice(1));
  const noConsole = args.includes('--no-console');
  const rest = args.filter((a) => a !== '--no-console');
  const stateRoot = option(rest, '--state') ?? path.join(root, '.srxsim');
  const base = option(rest, '--ssh-port');
  const sshBase = base === undefined ? undefined : Number(base);
  const listen = option(rest, '--listen') ?? '127.0.0.1';
  const captureDir = option(rest, '--capture');
  const capture = captureDir === undefined ? undefined : path.resolve(captureDir);
  const [command, sub, file] = rest;
  const defaultLab = path.join(root, 'labs', 'default.yaml');
  if (sshBase !== undefined && (!Number.isInteger(sshBase) || sshBase < 0 || sshBase > 65535)) {
    console.error(`invalid --ssh-port: ${sshBase}`);
    return 2;
  }
  if (command === 'start') return labUp({ labFile: defaultLab, stateRoot, sshBase, listen, console: !noConsole, capture });
  if (command === 'lab' && sub === 'up') return labUp({ labFile: path.resolve(file ?? defaultLab), stateRoot, sshBase, listen, console: !noConsole, capture });
  console.error(usage);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
