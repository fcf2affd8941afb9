// The terminals of a transcript: the login sessions of a virtual-clock lab, each run one
// command line at a time and rendered as an interactive terminal shows it (output after
// the shell's pipes, never paged, then the banner lines printed before the next prompt).
// The player and the recorder share it, so a recorded session replays byte for byte.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Device, LoginSession } from '../../engine/device.ts';
import { formatIssue, loadLabFile, type LabSpec } from '../../engine/lab/lab-file.ts';
import { Lab } from '../../engine/lab/lab.ts';
import { JunosCli } from '../../modes/junos-cli.ts';
import { runCommandLine } from '../command-runner.ts';
import { CommandHistory } from '../history.ts';
import { CommandAborted, EndOfInput, type Outcome, type TerminalControl, type TerminalSettings } from '../interpreter.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const LABS_DIR = path.join(REPO_ROOT, 'labs');

/** An error that stops a transcript (not a mismatch): bad lab, unknown device, lab not quiet. */
export class TranscriptRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TranscriptRunError';
  }
}

/** Where `# lab: VALUE` points: a lab name in labs/, or a path relative to the transcript, else to labs/. */
export function resolveLab(value: string, transcriptFile: string | undefined): string {
  const candidates: string[] = [];
  if (/^[A-Za-z0-9_-]+$/.test(value)) candidates.push(path.join(LABS_DIR, `${value}.yaml`));
  if (path.isAbsolute(value)) candidates.push(value);
  else {
    if (transcriptFile) candidates.push(path.resolve(path.dirname(transcriptFile), value));
    candidates.push(path.resolve(LABS_DIR, value));
    // A path typed on the command line (`srxsim record FILE labs/x.yaml`) is the working directory's.
    candidates.push(path.resolve(value));
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new TranscriptRunError(`lab "${value}" not found (looked at ${candidates.join(', ')})`);
  return found;
}

export async function loadLab(file: string): Promise<LabSpec> {
  const r = await loadLabFile(file);
  if (!r.ok) throw new TranscriptRunError(`lab file: ${r.issues.map(formatIssue).join('; ')}`);
  return r.lab;
}

/** How a question is answered: a typed line, Ctrl-D or Ctrl-C. */
export type Answer = { kind: 'line'; text: string } | { kind: 'eof' } | { kind: 'interrupt' };

export const EOF_MARK = '^D';
export const INTERRUPT_MARK = '^C';

export interface TerminalSession {
  /** The lab device this login is on (an `ssh` inside it may show another). */
  device: Device;
  user: string;
  cli: JunosCli;
  settings: TerminalSettings;
  history: CommandHistory;
  lastUsed: number;
  /** Logged in on the device's console rather than over SSH. */
  console: boolean;
}

export interface CommandResult {
  /** What the terminal shows after the prompt line, '\n'-terminated lines. */
  text: string;
  outcome: Outcome;
  /** The session logged out (`exit`/`quit` in operational mode). */
  ended: boolean;
}

export class LabTerminals {
  readonly sessions: TerminalSession[] = [];
  private readonly consoles = new Set<Device>();
  private sshLogins = 0;
  private uses = 0;

  private constructor(
    readonly lab: Lab,
    private readonly stateRoot: string,
  ) {}

  /** Boots `spec` fresh on a virtual clock in a temporary state directory, and lets it settle. */
  static boot(spec: LabSpec, seed?: string | number): LabTerminals {
    const stateRoot = mkdtempSync(path.join(tmpdir(), 'srxsim-transcript-'));
    const lab = new Lab(spec, { stateRoot, mode: 'virtual', fresh: true, ...(seed === undefined ? {} : { seed }) });
    const t = new LabTerminals(lab, stateRoot);
    t.settle('booting the lab');
    return t;
  }

  settle(what: string): void {
    const r = this.lab.runUntilQuiet();
    if (!r.ok) throw new TranscriptRunError(`lab did not settle after ${what}: ${r.error}`);
  }

  advance(ms: number): void {
    const r = this.lab.advance(ms);
    if (!r.ok) throw new TranscriptRunError(`lab did not settle while advancing the clock: ${r.error}`);
  }

  /** An end host sends `count` echo requests to `to`, one second apart, the lab settling after each. */
  traffic(host: string, to: string, count: number, size: number): void {
    const h = this.lab.hosts.get(host);
    if (!h) throw new TranscriptRunError(`no end host "${host}" in this lab (hosts: ${[...this.lab.hosts.keys()].join(', ') || 'none'})`);
    for (let seq = 0; seq < count; seq++) {
      h.ping(to, seq, size);
      this.advance(1000);
    }
  }

  /** The session for a prompt `user@host`: see the format notes in format.ts. */
  sessionFor(user: string, host: string, prompt: string): TerminalSession {
    const recent = (list: TerminalSession[]) => list.sort((a, b) => b.lastUsed - a.lastUsed)[0];
    const showing = recent(this.sessions.filter((s) => s.cli.prompt() === prompt));
    const own = showing ?? recent(this.sessions.filter((s) => s.user === user && (s.device.hostName() === host || this.nameOf(s.device) === host)));
    if (own) return own;
    const devices = [...this.lab.devices.entries()];
    const device = (devices.find(([, d]) => d.hostName() === host) ?? devices.find(([name]) => name === host))?.[1];
    if (!device) throw new TranscriptRunError(`no device "${host}" in lab ${this.lab.spec.name} (devices: ${devices.map(([n, d]) => (d.hostName() === n ? n : `${n} (host name ${d.hostName()})`)).join(', ')})`);
    return this.open(device, user);
  }

  /** Logs `user` in: the device's console if it is free, else over SSH from 10.0.0.N. */
  open(device: Device, user: string): TerminalSession {
    const cls = device.userClass(user) as LoginSession['cls'] | undefined;
    if (!cls) throw new TranscriptRunError(`user "${user}" cannot log in to ${device.hostName()}: not in its [edit system login] (nor root)`);
    let from = 'console';
    if (this.consoles.has(device)) from = `10.0.0.${++this.sshLogins}`;
    else this.consoles.add(device);
    const s: TerminalSession = {
      device,
      user,
      cli: JunosCli.open(device, user, cls, from),
      settings: { screenLength: 0, screenWidth: 80, completeOnSpace: true },
      history: new CommandHistory(),
      lastUsed: ++this.uses,
      console: from === 'console',
    };
    this.sessions.push(s);
    return s;
  }

  private nameOf(device: Device): string | undefined {
    return [...this.lab.devices.entries()].find(([, d]) => d === device)?.[0];
  }

  /**
   * Runs one line as typed at `session`'s prompt. `show` receives the terminal text as it
   * is produced (the recorder echoes it live); `answer` answers questions, given the text
   * of the question's line so far.
   */
  async run(session: TerminalSession, line: string, answer: (partial: string, shown: string) => Answer | Promise<Answer>, show: (text: string) => void = () => {}): Promise<CommandResult> {
    session.lastUsed = ++this.uses;
    const prompt = session.cli.prompt();
    let text = '';
    const print = (t: string) => {
      text += t;
      show(t);
    };
    const history = session.history;
    const terminal: TerminalControl = {
      interactive: false,
      settings: session.settings,
      get history() {
        return history.entries;
      },
    };
    history.add(line, this.lab.clock.now());
    const abort = new AbortController();
    let outcome: Outcome;
    try {
      outcome = await runCommandLine(line, {
        interpreter: session.cli,
        terminal,
        print,
        writeRaw: print,
        columns: session.settings.screenWidth || 80,
        promptWidth: [...prompt].length,
        readLine: async (question) => {
          print(question);
          const a = await answer(text.slice(text.lastIndexOf('\n') + 1), text);
          if (a.kind === 'line') {
            print(a.text + '\n');
            return a.text;
          }
          print((a.kind === 'eof' ? EOF_MARK : INTERRUPT_MARK) + '\n');
          if (a.kind === 'interrupt') {
            abort.abort();
            throw new CommandAborted();
          }
          throw new EndOfInput();
        },
        abort,
        setPager: () => {},
        saveFile: async (name, content) => void session.cli.device.files.write(name, content),
        onInternalError: (e) => print(`[srxsim internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}]\n`),
      });
    } catch (e) {
      throw new TranscriptRunError(`command "${line}" threw: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (text !== '' && !text.endsWith('\n')) print('\n');
    this.settle(`"${line}"`);
    if (outcome === 'exit') {
      session.cli.close();
      this.sessions.splice(this.sessions.indexOf(session), 1);
      if (session.console) this.consoles.delete(session.device);
      return { text, outcome, ended: true };
    }
    for (const b of session.cli.banner('command')) print(b + '\n');
    return { text, outcome, ended: false };
  }

  /** Closes every session and removes the lab's temporary state. */
  dispose(): void {
    for (const s of this.sessions.splice(0)) {
      try {
        s.cli.close();
      } catch {
        // closing is best effort
      }
    }
    this.lab.stop();
    rmSync(this.stateRoot, { recursive: true, force: true });
  }
}
