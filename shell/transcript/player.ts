// The transcript player: boots the transcript's lab fresh (virtual clock, seeded), runs
// every command through its session's Junos CLI, and compares what the terminal would
// show with the expected output. A mismatch comes back as a unified diff of the file
// against what actually happened; `update` rewrites the file with what happened instead.
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { formatPrompt, lineMatches, parseTranscript, splitLines, TranscriptSyntaxError, type CommandStep, type Transcript } from './format.ts';
import { EOF_MARK, INTERRUPT_MARK, LabTerminals, loadLab, resolveLab, TranscriptRunError, type Answer } from './lab-terminal.ts';
import { unifiedDiff } from './unified-diff.ts';

export interface Mismatch {
  /** Line of the command's prompt line. */
  promptLine: number;
  /** First line of the file that differs (a line past the block when output is missing). */
  line: number;
  command: string;
  /** The prompt the session actually showed, when it is not the one written. */
  actualPrompt?: string;
}

export interface ReplayResult {
  file: string;
  ok: boolean;
  mismatches: Mismatch[];
  /** Stops before the end: syntax error, unknown device, lab that will not settle. */
  error?: string;
  /** Unified diff of the file against the actual session ('' when it matches). */
  diff: string;
  /** The transcript as the session actually went (what `update` writes). */
  actual?: string;
  updated: boolean;
  commands: number;
}

export interface ReplayOptions {
  /** Rewrite mismatching expected output in place (atomically). */
  update?: boolean;
  /** Shown as the file's name in messages (defaults to the path as given). */
  displayName?: string;
}

/** Replays one transcript file. */
export async function replayFile(file: string, opts: ReplayOptions = {}): Promise<ReplayResult> {
  const name = opts.displayName ?? file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return failed(name, `${name}: cannot read: ${(e as Error).message}`);
  }
  let transcript: Transcript;
  try {
    transcript = parseTranscript(text, name);
  } catch (e) {
    if (e instanceof TranscriptSyntaxError) return failed(name, `${e.message}`);
    throw e;
  }
  const r = await replayTranscript(transcript, path.resolve(file));
  if (opts.update && r.actual !== undefined && r.mismatches.length > 0 && r.error === undefined) {
    writeFileAtomically(file, r.actual);
    return { ...r, ok: true, updated: true };
  }
  return r;
}

function failed(file: string, error: string): ReplayResult {
  return { file, ok: false, mismatches: [], error, diff: '', updated: false, commands: 0 };
}

/** Replays a parsed transcript; `file` (absolute) anchors a relative `# lab:` path. */
export async function replayTranscript(t: Transcript, file?: string): Promise<ReplayResult> {
  const name = t.file;
  const actual: string[] = [...t.header];
  const expectedLines: string[] = [...t.header];
  const mismatches: Mismatch[] = [];
  let error: string | undefined;
  let commands = 0;
  let terminals: LabTerminals | undefined;
  let current = t.lab.line;
  try {
    const spec = await loadLab(resolveLab(t.lab.value, file)).catch((e: unknown) => {
      throw new TranscriptRunError((e as Error).message);
    });
    terminals = LabTerminals.boot(spec, t.seed?.value);
    for (const step of t.steps) {
      // Header `# advance` lines are already in the header; body steps are copied through.
      if (step.line > t.header.length) {
        current = step.line;
      }
      if (step.kind === 'comment') {
        actual.push(step.text);
        expectedLines.push(step.text);
        continue;
      }
      if (step.kind === 'advance' || step.kind === 'traffic') {
        if (step.line > t.header.length) {
          actual.push(step.text);
          expectedLines.push(step.text);
        }
        if (step.kind === 'advance') terminals.advance(step.ms);
        else terminals.traffic(step.host, step.to, step.count, step.size);
        continue;
      }
      commands++;
      const wanted = formatPrompt(step.user, step.host, step.mode);
      const session = terminals.sessionFor(step.user, step.host, wanted);
      const shownPrompt = session.cli.prompt();
      const result = await terminals.run(session, step.command, answerFrom(step));
      const got = splitLines(result.text);
      const block = got.map((g, i) => (step.expected[i] !== undefined && lineMatches(step.expected[i]!, g) ? step.expected[i]! : g));
      actual.push(shownPrompt === wanted ? step.text : shownPrompt + step.command, ...block);
      expectedLines.push(step.text, ...step.expected);
      const firstBad = firstDifference(step.expected, block);
      if (shownPrompt !== wanted || firstBad !== undefined) {
        mismatches.push({
          promptLine: step.line,
          line: shownPrompt !== wanted ? step.line : step.line + 1 + firstBad!,
          command: step.command,
          ...(shownPrompt !== wanted ? { actualPrompt: shownPrompt } : {}),
        });
      }
    }
  } catch (e) {
    if (!(e instanceof TranscriptRunError)) throw e;
    error = `${name}:${current}: error: ${e.message}`;
  } finally {
    terminals?.dispose();
  }
  const ok = error === undefined && mismatches.length === 0;
  // After an error the diff covers the commands that ran, which usually shows why.
  const diff = ok ? '' : unifiedDiff(expectedLines, actual, name, `${name} (actual)`);
  return {
    file: name,
    ok,
    mismatches,
    ...(error !== undefined ? { error } : {}),
    diff,
    ...(error === undefined ? { actual: actual.map((l) => l + '\n').join('') } : {}),
    updated: false,
    commands,
  };
}

function firstDifference(expected: readonly string[], block: readonly string[]): number | undefined {
  const n = Math.max(expected.length, block.length);
  for (let i = 0; i < n; i++) if (expected[i] !== block[i]) return i;
  return undefined;
}

/**
 * Questions are answered from the expected output: the line that starts with the
 * question (as far as the terminal shows it) carries the answer after it. The line at the
 * same position as the question is tried first, then the following ones.
 */
function answerFrom(step: CommandStep): (partial: string, shown: string) => Answer {
  let next = 0;
  return (partial, shown) => {
    // The question's line is the last (unfinished) line shown so far.
    const at = shown.split('\n').length - 1;
    const keys = [...step.expected.keys()];
    const order = [at, ...keys.filter((i) => i > at), ...keys.filter((i) => i < at)].filter((i) => i >= next && i < step.expected.length);
    for (const i of order) {
      const line = step.expected[i]!;
      const rest = line.startsWith(partial) ? line.slice(partial.length) : line === partial.trimEnd() ? '' : undefined;
      if (rest === undefined) continue;
      next = i + 1;
      if (rest === EOF_MARK) return { kind: 'eof' };
      if (rest === INTERRUPT_MARK) return { kind: 'interrupt' };
      return { kind: 'line', text: rest };
    }
    return { kind: 'eof' };
  };
}

/** temp file in the same directory, fsync, rename over the original (keeping its mode). */
export function writeFileAtomically(file: string, text: string): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  let mode = 0o644;
  try {
    mode = statSync(file).mode & 0o777;
  } catch {
    // a new file
  }
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, file);
  const dfd = openSync(dir, 'r');
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
}

/** Transcript files named by `paths`: files as given, folders searched for *.transcript (sorted). */
export function expandPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string, explicit: boolean): void => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p).sort()) walk(path.join(p, e), false);
    } else if (explicit || p.endsWith('.transcript')) out.push(p);
  };
  for (const p of paths) walk(p, true);
  return out;
}

export interface ReplayRunSummary {
  results: ReplayResult[];
  failed: number;
}

/**
 * `srxsim replay PATH... [--update]` as a function: replays every transcript under
 * `paths`, writes a report (diffs, errors, a summary) through `print`, and counts failures.
 */
export async function replay(paths: readonly string[], opts: { update?: boolean; print?: (text: string) => void } = {}): Promise<ReplayRunSummary> {
  const print = opts.print ?? ((s: string) => process.stdout.write(s));
  let files: string[];
  try {
    files = expandPaths(paths);
  } catch (e) {
    print(`error: ${(e as Error).message}\n`);
    return { results: [], failed: 1 };
  }
  if (files.length === 0) {
    print(`error: no .transcript files in ${paths.join(', ')}\n`);
    return { results: [], failed: 1 };
  }
  const results: ReplayResult[] = [];
  for (const f of files) {
    const r = await replayFile(f, { update: opts.update ?? false });
    results.push(r);
    print(report(r));
  }
  const failed = results.filter((r) => !r.ok).length;
  const updated = results.filter((r) => r.updated).length;
  print(`${results.length} transcript${results.length === 1 ? '' : 's'}: ${results.length - failed} passed, ${failed} failed${updated ? `, ${updated} updated` : ''}\n`);
  return { results, failed };
}

/** One file's report: `PASS file`, or the error / mismatches and the diff. */
export function report(r: ReplayResult): string {
  if (r.error !== undefined) return `FAIL ${r.file}\n${r.diff}${r.error}\n`;
  if (r.updated) return `UPDATED ${r.file} (${r.mismatches.length} command${r.mismatches.length === 1 ? '' : 's'} rewritten)\n`;
  if (r.ok) return `PASS ${r.file} (${r.commands} commands)\n`;
  const lines = [`FAIL ${r.file}`];
  for (const m of r.mismatches) {
    lines.push(
      m.actualPrompt !== undefined
        ? `${r.file}:${m.line}: the session's prompt is "${m.actualPrompt}" for "${m.command}"`
        : `${r.file}:${m.line}: output of "${m.command}" (line ${m.promptLine}) differs from the expected output`,
    );
  }
  return lines.join('\n') + '\n' + r.diff;
}
