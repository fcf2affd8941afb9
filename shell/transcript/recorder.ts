// The transcript recorder: a live console session on a lab's first device whose every
// prompt, command, answer and output is written down as a transcript. The lab runs on a
// virtual clock with a seed, and commands run through the same LabTerminals as the player,
// so the file replays clean. `ssh ADDRESS` moves the session to another device; the
// prompt lines record which device each command ran on.
//
// Besides commands, the recorder accepts these transcript lines typed at the prompt:
// `# advance 30s` advances the virtual clock, `# traffic HOST to ADDRESS count N` makes a lab
// end host ping, `#: text` records a comment.
import { createInterface, type Interface } from 'node:readline';
import path from 'node:path';
import { completeLine } from '../line-completion.ts';
import { parseAdvance, parsePrompt, parseTraffic, splitLines } from './format.ts';
import { LabTerminals, LABS_DIR, loadLab, resolveLab, TranscriptRunError, type Answer } from './lab-terminal.ts';
import { writeFileAtomically } from './player.ts';

export interface RecordOptions {
  /** Where the transcript is written (atomically, when the session ends). */
  file: string;
  /** `default`, a lab name in labs/, or a lab file path. */
  lab?: string;
  seed?: string;
  /** Login user on the first device (default admin). */
  user?: string;
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
  /** A comment for the header (one line). */
  title?: string;
}

export interface RecordResult {
  file: string;
  commands: number;
  text: string;
}

/** The `# lab:` value for a lab argument: a bare name stays a name; a path is made relative to the transcript. */
function labDirective(lab: string, labFile: string, transcript: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(lab) && path.resolve(labFile) === path.join(LABS_DIR, `${lab}.yaml`)) return lab;
  if (path.dirname(path.resolve(labFile)) === LABS_DIR && labFile.endsWith('.yaml') && /^[A-Za-z0-9_-]+\.yaml$/.test(path.basename(labFile))) {
    return path.basename(labFile, '.yaml');
  }
  return path.relative(path.dirname(path.resolve(transcript)), path.resolve(labFile)).split(path.sep).join('/');
}

/** Line input: readline with editing and history on a TTY, plain lines otherwise. */
class LineSource {
  private readonly queue: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private ended = false;
  readonly rl: Interface;

  constructor(
    input: NodeJS.ReadableStream & { isTTY?: boolean },
    output: NodeJS.WritableStream,
    readonly tty: boolean,
    complete?: (line: string) => [string[], string],
  ) {
    this.rl = createInterface({ input, ...(tty ? { output, terminal: true, ...(complete ? { completer: complete } : {}) } : { terminal: false }) });
    this.rl.on('line', (line) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(line);
      } else this.queue.push(line);
    });
    this.rl.on('close', () => {
      this.ended = true;
      this.waiting?.(undefined);
      this.waiting = undefined;
    });
  }

  /** The next line, or undefined at the end of the input. */
  next(prompt: string): Promise<string | undefined> {
    if (this.tty) {
      this.rl.setPrompt(prompt);
      this.rl.prompt();
    }
    if (this.queue.length > 0) return Promise.resolve(this.queue.shift()!);
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  close(): void {
    this.rl.close();
  }
}

export async function record(opts: RecordOptions): Promise<RecordResult> {
  const labArg = opts.lab ?? 'default';
  const labFile = resolveLab(labArg, undefined);
  const spec = await loadLab(labFile);
  if (spec.devices.length === 0) throw new TranscriptRunError(`lab ${spec.name} has no devices`);
  const terminals = LabTerminals.boot(spec, opts.seed);
  const first = terminals.lab.devices.get(spec.devices[0]!.name)!;
  const session = terminals.open(first, opts.user ?? 'admin');
  const out = (s: string) => void opts.output.write(s);
  const tty = Boolean(opts.input.isTTY);
  const lines = new LineSource(opts.input, opts.output, tty, (line) => {
    const c = completeLine(session.cli, line);
    const word = /\S*$/.exec(line)![0];
    if (c.candidates?.length) return [c.candidates.map((i) => i.name), word];
    return [c.insert ? [word + c.insert] : [], word];
  });
  const transcript: string[] = [];
  if (opts.title) transcript.push(`# ${opts.title.replace(/\n/g, ' ')}`);
  transcript.push(`# lab: ${labDirective(labArg, labFile, opts.file)}`);
  if (opts.seed !== undefined) transcript.push(`# seed: ${opts.seed}`);
  let commands = 0;
  try {
    for (const b of session.cli.banner('start')) out(b + '\n');
    for (;;) {
      const prompt = session.cli.prompt();
      const line = await lines.next(prompt);
      if (line === undefined) break;
      if (!tty) out(prompt + line + '\n');
      if (line.startsWith('#')) {
        const ms = parseAdvance(line);
        const traffic = parseTraffic(line);
        if (line.startsWith('#:')) transcript.push(line);
        else if (ms !== undefined) {
          terminals.advance(ms);
          transcript.push(line);
        } else if (traffic) {
          try {
            terminals.traffic(traffic.host, traffic.to, traffic.count, traffic.size);
            transcript.push(line);
          } catch (err) {
            out(`recorder: ${(err as Error).message}; nothing done\n`);
          }
        } else out('recorder: only "# advance 30s" (s, m or h), "# traffic HOST to ADDRESS count N [size S]" and "#: comment" lines are recorded; nothing done\n');
        continue;
      }
      const p = parsePrompt(prompt + line);
      if (!p) throw new TranscriptRunError(`the prompt "${prompt}" cannot be written in a transcript`);
      commands++;
      transcript.push(prompt + line);
      let echoed = false;
      const result = await terminals.run(
        session,
        line,
        async (partial): Promise<Answer> => {
          // On a terminal the question's last line becomes readline's prompt (so editing
          // redraws it) and readline echoes the answer; on a line stream the run's own
          // rendering of "question answer" is what shows.
          if (tty) out('\r\x1b[K');
          const a = await lines.next(partial);
          echoed = tty;
          return a === undefined ? { kind: 'eof' } : { kind: 'line', text: a };
        },
        (text) => {
          if (echoed) echoed = false;
          else out(text);
        },
      );
      if (result.text !== '') transcript.push(...splitLines(result.text));
      if (result.ended) break;
    }
  } finally {
    lines.close();
    terminals.dispose();
  }
  const text = transcript.map((l) => l + '\n').join('');
  writeFileAtomically(opts.file, text);
  return { file: opts.file, commands, text };
}

