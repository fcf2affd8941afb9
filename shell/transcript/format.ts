// The transcript format: a terminal session written down, replayed against a lab.
//
//   # Committing a new IKE proposal.            <- header: comments and directives
//   # lab: default
//   # seed: 7
//   admin@Edge> configure                       <- prompt line: USER@DEVICE> or USER@DEVICE#
//   Entering configuration mode                 <- expected output, compared exactly ...
//                                               <- ... including the banner lines the CLI
//   [edit]                                         prints before the next prompt
//   admin@Edge# exit
//   Exiting configuration mode
//
//   #: Five minutes later.                      <- a comment between commands
//   # advance 5m                                <- advance the lab's virtual clock
//   admin@Edge> show system commit
//   ...
//
// Rules (the parser is strict: anything else is an error with file and line):
//
// * Header: the lines before the first prompt line. Each is blank, a directive or a
//   comment. Directives: `# lab: default` (required, once: a name in labs/ without
//   `.yaml`, or a path relative to the transcript file, else to labs/), `# seed: N`
//   (optional, overrides the lab file's seed), `# advance DURATION`. A header line
//   `# word: ...` whose word is lower-case is a directive, so a misspelt directive
//   (`# lab; x`, `# sed: 1`) is an error, never a silent comment. Other `#` lines are
//   comments.
// * Prompt line: `USER@DEVICE> COMMAND` (operational mode) or `USER@DEVICE# COMMAND`
//   (configuration mode); the command is everything after the one space following `>`
//   or `#` (a prompt with nothing after it is an empty command). DEVICE is the host name
//   the prompt shows (a lab device name also works for the first login). USER@DEVICE
//   picks the session: the session whose prompt currently reads exactly that (an
//   `ssh 1.1.70.1` from Edge makes Edge's session read `admin@Remote>`), else the session
//   of that user on that device (the prompt is then a mismatch, shown in the diff), else
//   a new login of that user on that device (the user must exist in its configuration:
//   `system login user` or root). The first login on a device is its console (terminal
//   u0); later ones are SSH logins (pts/N) from 10.0.0.N. The `>`/`#` asserts the mode.
// * Expected output: every line after a prompt line up to the next prompt line, body
//   directive or comment, exactly as an interactive terminal shows it: the command's
//   output (after pipes; never paged), then the lines the CLI prints before its next
//   prompt (a blank line in operational mode; a blank line and `[edit ...]` in
//   configuration mode; `# commit confirmed will be rolled back in N minutes`; broadcast
//   messages). A login's start banner is not shown.
// * Body lines that are not output: `# advance DURATION` (DURATION is a whole number
//   followed by s, m or h: `# advance 30s`, `# advance 2m`) and comments `#: text`.
//   Junos prints lines beginning with `#` and `##` (`## Last commit: ...`,
//   `# commit confirmed will be rolled back ...`), but never `#:` nor `# advance`, so
//   the two cannot be confused. A line beginning `# advance` that is not a valid
//   directive is an error. Comments and directives end the previous command's output.
// * Questions (`Exit with uncommitted changes? [yes,no] (yes) `): the answer follows the
//   question on the same line, as the terminal echoes it:
//   `Exit with uncommitted changes? [yes,no] (yes) no`. An answer of `^D` is Ctrl-D (end
//   of input, e.g. after `load merge terminal`), `^C` is Ctrl-C. Answers to questions that
//   do not echo (`New password:`) are written the same way.
// * Volatile fields: `{{any}}` in an expected line matches any text within that line.
//   Virtual time and seeded randomness make today's outputs reproducible: use it only
//   for what genuinely varies.
// * Lines end with LF; the file ends with a newline. Trailing spaces are significant.

export const VOLATILE = '{{any}}';

export interface CommandStep {
  kind: 'command';
  /** 1-based line number of the prompt line. */
  line: number;
  user: string;
  host: string;
  mode: '>' | '#';
  command: string;
  /** The prompt line as written. */
  text: string;
  expected: string[];
}

export interface AdvanceStep {
  kind: 'advance';
  line: number;
  ms: number;
  text: string;
}

/** `# traffic HOST to ADDRESS count N [size S]`: a lab end host sends N echo requests. */
export interface TrafficStep {
  kind: 'traffic';
  line: number;
  host: string;
  to: string;
  count: number;
  size: number;
  text: string;
}

export interface CommentStep {
  kind: 'comment';
  line: number;
  text: string;
}

export type Step = CommandStep | AdvanceStep | TrafficStep | CommentStep;

export interface Transcript {
  file: string;
  /** Header lines exactly as written (comments, directives, blanks). */
  header: string[];
  /** Header `# advance` directives are steps too; they come first. */
  lab: { value: string; line: number };
  seed?: { value: string; line: number };
  steps: Step[];
}

export class TranscriptSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
    this.name = 'TranscriptSyntaxError';
  }
}

const PROMPT = /^([A-Za-z0-9_][A-Za-z0-9_.-]*)@([A-Za-z0-9_][A-Za-z0-9_.-]*)([>#])(?: (.*))?$/;
const HEADER_DIRECTIVE = /^# ?([a-z][a-z-]*)\s*:\s*(.*)$/;
const ADVANCE = /^# advance(?:\s|$)/;
const ADVANCE_EXACT = /^# advance (\d+)(s|m|h)$/;
const COMMENT = /^#:/;
/** A line that means to be the traffic directive (`# traffic HOST to ...`); others are comments. */
const TRAFFIC = /^# traffic \S+ to /;
const TRAFFIC_EXACT = /^# traffic (\S+) to (\d{1,3}(?:\.\d{1,3}){3}) count (\d{1,4})(?: size (\d{1,5}))?$/;

export function parsePrompt(line: string): { user: string; host: string; mode: '>' | '#'; command: string } | undefined {
  const m = PROMPT.exec(line);
  if (!m) return undefined;
  return { user: m[1]!, host: m[2]!, mode: m[3] as '>' | '#', command: m[4] ?? '' };
}

export function formatPrompt(user: string, host: string, mode: '>' | '#'): string {
  return `${user}@${host}${mode} `;
}

/** Milliseconds of `# advance 30s` / `2m` / `1h`, or undefined when the line is not exact. */
export function parseAdvance(line: string): number | undefined {
  const m = ADVANCE_EXACT.exec(line);
  if (!m) return undefined;
  const unit = { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'];
  const ms = Number(m[1]) * unit;
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** Splits file text into lines; a final newline ends the last line rather than adding one. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export function parseTranscript(text: string, file: string): Transcript {
  const fail = (line: number, message: string): never => {
    throw new TranscriptSyntaxError(file, line, message);
  };
  const lines = splitLines(text);
  const cr = lines.findIndex((l) => l.includes('\r'));
  if (cr >= 0) fail(cr + 1, 'carriage return in a transcript (use LF line endings)');
  const header: string[] = [];
  const steps: Step[] = [];
  let lab: Transcript['lab'] | undefined;
  let seed: Transcript['seed'] | undefined;
  let i = 0;
  for (; i < lines.length; i++) {
    const l = lines[i]!;
    const n = i + 1;
    if (parsePrompt(l)) break;
    header.push(l);
    if (l.trim() === '') continue;
    if (!l.startsWith('#')) fail(n, `expected output before the first prompt line (a prompt looks like "admin@Edge> show version"): ${JSON.stringify(l)}`);
    if (ADVANCE.test(l)) {
      steps.push(advanceStep(l, n, fail));
      continue;
    }
    if (TRAFFIC.test(l)) {
      steps.push(trafficStep(l, n, fail));
      continue;
    }
    if (COMMENT.test(l)) continue;
    const d = HEADER_DIRECTIVE.exec(l);
    if (!d) continue;
    const [, key, value] = d as unknown as [string, string, string];
    const v = value.trim();
    if (key === 'lab') {
      if (lab) fail(n, `second "# lab:" directive (the first is on line ${lab.line})`);
      if (v === '') fail(n, '"# lab:" needs a lab name or a lab file path');
      lab = { value: v, line: n };
    } else if (key === 'seed') {
      if (seed) fail(n, `second "# seed:" directive (the first is on line ${seed.line})`);
      if (!/^\S+$/.test(v)) fail(n, '"# seed:" needs one word, e.g. "# seed: 7"');
      seed = { value: v, line: n };
    } else {
      fail(n, `unknown directive "# ${key}:" (known: "# lab:", "# seed:", "# advance"; a comment is "#: text")`);
    }
  }
  if (!lab) fail(Math.max(1, i), 'missing "# lab: NAME|PATH" directive in the header (before the first prompt line)');
  let current: CommandStep | undefined;
  for (; i < lines.length; i++) {
    const l = lines[i]!;
    const n = i + 1;
    const p = parsePrompt(l);
    if (p) {
      current = { kind: 'command', line: n, ...p, text: l, expected: [] };
      steps.push(current);
    } else if (ADVANCE.test(l)) {
      steps.push(advanceStep(l, n, fail));
      current = undefined;
    } else if (TRAFFIC.test(l)) {
      steps.push(trafficStep(l, n, fail));
      current = undefined;
    } else if (COMMENT.test(l)) {
      steps.push({ kind: 'comment', line: n, text: l });
      current = undefined;
    } else if (current) {
      current.expected.push(l);
    } else {
      fail(n, `output after a comment or directive must follow a prompt line: ${JSON.stringify(l)}`);
    }
  }
  return { file, header, lab: lab!, ...(seed ? { seed } : {}), steps };
}

function advanceStep(l: string, n: number, fail: (line: number, message: string) => never): AdvanceStep {
  const ms = parseAdvance(l);
  if (ms === undefined) fail(n, `bad directive ${JSON.stringify(l)}: write "# advance N" with a unit s, m or h, e.g. "# advance 30s"`);
  return { kind: 'advance', line: n, ms: ms!, text: l };
}

/** The fields of an exact `# traffic HOST to ADDRESS count N [size S]` line (size 56 by default). */
export function parseTraffic(line: string): Pick<TrafficStep, 'host' | 'to' | 'count' | 'size'> | undefined {
  const m = TRAFFIC_EXACT.exec(line);
  return m ? { host: m[1]!, to: m[2]!, count: Number(m[3]), size: m[4] === undefined ? 56 : Number(m[4]) } : undefined;
}

function trafficStep(l: string, n: number, fail: (line: number, message: string) => never): TrafficStep {
  const t = parseTraffic(l);
  if (!t) fail(n, `bad directive ${JSON.stringify(l)}: write "# traffic HOST to ADDRESS count N [size S]"`);
  return { kind: 'traffic', line: n, ...t!, text: l };
}

/** Does an actual output line satisfy an expected one (exact, or with `{{any}}` fields)? */
export function lineMatches(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  if (!expected.includes(VOLATILE)) return false;
  const parts = expected.split(VOLATILE).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 's').test(actual);
}
