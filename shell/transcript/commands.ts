// `srxsim replay PATH... [--update]` and `srxsim record FILE [LAB] [--seed N]`.
import { replay } from './player.ts';
import { record } from './recorder.ts';
import { TranscriptRunError } from './lab-terminal.ts';

export const transcriptUsage = `  srxsim replay PATH... [--update]   replay transcript files or folders; --update rewrites expected output
  srxsim record FILE [LAB] [--seed N] record a console session on LAB's first device (default: default)`;

export async function replayCommand(args: readonly string[]): Promise<number> {
  const update = args.includes('--update');
  const paths = args.filter((a) => a !== '--update');
  const unknown = paths.find((p) => p.startsWith('--'));
  if (unknown !== undefined || paths.length === 0) {
    console.error(unknown !== undefined ? `replay: unknown option ${unknown}` : 'replay: name transcript files or folders');
    console.error(`usage:\n${transcriptUsage}`);
    return 2;
  }
  const r = await replay(paths, { update });
  return r.failed > 0 ? 1 : 0;
}

export async function recordCommand(args: readonly string[]): Promise<number> {
  const rest = [...args];
  const i = rest.indexOf('--seed');
  const seed = i >= 0 ? rest.splice(i, 2)[1] : undefined;
  const [file, lab, ...extra] = rest;
  if (!file || extra.length > 0 || (i >= 0 && seed === undefined) || rest.some((a) => a.startsWith('--'))) {
    console.error(`usage:\n${transcriptUsage}`);
    return 2;
  }
  try {
    const r = await record({ file, ...(lab ? { lab } : {}), ...(seed !== undefined ? { seed } : {}), input: process.stdin, output: process.stdout });
    console.error(`recorded ${r.commands} command${r.commands === 1 ? '' : 's'} to ${r.file}; check it with: srxsim replay ${r.file}`);
    return 0;
  } catch (e) {
    if (e instanceof TranscriptRunError) {
      console.error(`record: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
