// OpenSSH's ssh client in a real pty (a private tmux server), against the default lab's Edge:
// password login typed at ssh's own prompt, Tab and `?` completion, the pager, configuration
// mode, a commit, logout. Assertions are on what tmux renders, i.e. what a person would see.
// Needs Debian's tmux and openssh-client. Outside CI the test is skipped where either is
// missing; in CI (.ci/run installs them) a missing one fails the run.
import test from 'ava';
import { hasCommand, startLab, type Lab } from './interop/lab.ts';
import { TmuxPane } from './interop/tmux.ts';

const available = hasCommand('tmux') && hasCommand('ssh');
const run = available || process.env.CI ? test.serial : test.skip;

let lab: Lab | undefined;
let pane: TmuxPane | undefined;

test.after.always(async () => {
  pane?.kill();
  await lab?.stop();
});

/** History rows from the last row matching `from` (inclusive) to the end. */
function tail(p: TmuxPane, from: RegExp): string[] {
  const rows = p.history().split('\n');
  let start = -1;
  rows.forEach((r, i) => {
    if (from.test(r)) start = i;
  });
  return start < 0 ? [] : rows.slice(start);
}

run('OpenSSH in a real pty: login, Tab and ? completion, pager, configure, commit, logout', async (t) => {
  t.timeout(120_000);
  lab = await startLab();
  const ssh = [
    'ssh',
    '-p', String(lab.base),
    '-o', 'StrictHostKeyChecking=no',
    '-o', 'UserKnownHostsFile=/dev/null',
    '-o', 'LogLevel=ERROR',
    '-o', 'PubkeyAuthentication=no',
    '-o', 'PreferredAuthentications=password,keyboard-interactive',
    '-o', 'ConnectTimeout=10',
    'admin@127.0.0.1',
  ].join(' ');
  // After ssh ends, the pane stays up and says how ssh exited.
  pane = new TmuxPane(`${ssh}; echo "[ssh exited $?]"; sleep 120`, 80, 24);
  const p = pane;

  // Login: ssh asks for the password in the pty.
  await p.waitFor(/admin@127\.0\.0\.1's password: ?$/m, 15_000);
  p.type('Juniper123');
  p.press('Enter');
  await p.waitForCursorLine(/^admin@Edge> $/, 15_000);

  // Tab completes a unique prefix in place.
  p.type('show ver');
  p.press('Tab');
  await p.waitForCursorLine(/^admin@Edge> show version $/);
  p.press('Enter');
  const version = await p.waitFor(/JUNOS Software Release \[12\.1X44-D10\.4\]\n+admin@Edge>$/);
  t.regex(version, /admin@Edge> show version\nHostname: Edge\nModel: srx240h2\n/);

  // `?` lists the possible completions with their help, then redraws the line.
  p.type('show ');
  p.type('?');
  await p.waitFor(/\nPossible completions:\n[\s\S]*\nadmin@Edge> show$/);
  await p.waitForCursorLine(/^admin@Edge> show $/);
  const help = tail(p, /^Possible completions:$/);
  const rows = p.history().split('\n');
  t.is(rows[rows.length - help.length - 1], 'admin@Edge> show ?', `the line with the ? stays above the list:\n${rows.join('\n')}`);
  t.true(help.some((r) => /^ {2}version {14}Show software process revision levels$/.test(r)), help.join('\n'));
  t.true(help.some((r) => /^ {2}configuration {8}Show current configuration$/.test(r)), help.join('\n'));
  t.is(help.at(-1), 'admin@Edge> show');
  p.press('C-u');
  await p.waitForCursorLine(/^admin@Edge> $/);

  // The pager: 10 lines a page, ---(more N%)---, space for the next page, q to stop.
  p.type('set cli screen-length 10');
  p.press('Enter');
  await p.waitFor(/Screen length set to 10\n+admin@Edge>$/);
  p.type('show configuration');
  p.press('Enter');
  await p.waitForCursorLine(/^---\(more \d+%\)---$/);
  const firstPage = tail(p, /^admin@Edge> show configuration$/);
  // screen-length counts terminal rows: the output (long lines wrap at 80) plus the more prompt.
  const rowsShown = firstPage.slice(1).reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 80)), 0);
  t.is(rowsShown, 10, `a page is 10 rows including the more prompt:\n${firstPage.join('\n')}`);
  t.regex(firstPage[1]!, /^## Last commit: /);
  const firstPercent = Number(/(\d+)%/.exec(firstPage.at(-1)!)![1]);
  p.press('Space');
  await p.waitForCursorLine(new RegExp(`^---\\(more (?!${firstPercent}%)\\d+%\\)---$`));
  const secondPercent = Number(/(\d+)%/.exec(p.cursorLine())![1]);
  t.true(secondPercent > firstPercent, `${firstPercent}% then ${secondPercent}%`);
  p.type('q');
  await p.waitForCursorLine(/^admin@Edge> $/);
  t.notRegex(p.screen().join('\n'), /routing-options[\s\S]*zones \{/, 'q stopped the output before the end');

  // Configuration mode, Tab completion from the schema, a commit that renames the device.
  p.type('configure');
  p.press('Enter');
  await p.waitFor(/admin@Edge> configure\nEntering configuration mode\n+\[edit\]\nadmin@Edge#$/);
  p.type('set sys');
  p.press('Tab');
  await p.waitForCursorLine(/^admin@Edge# set system $/);
  p.type('host-name TmuxEdge');
  p.press('Enter');
  await p.waitFor(/admin@Edge# set system host-name TmuxEdge\n+\[edit\]\nadmin@Edge#$/);
  p.type('commit');
  p.press('Enter');
  await p.waitFor(/admin@Edge# commit\ncommit complete\n+\[edit\]\nadmin@TmuxEdge#$/);
  p.type('exit');
  p.press('Enter');
  await p.waitFor(/admin@TmuxEdge# exit\nExiting configuration mode\n+admin@TmuxEdge>$/);

  // Logout: ssh ends with status 0.
  p.type('exit');
  p.press('Enter');
  const end = await p.waitFor(/\[ssh exited \d+\]/, 15_000);
  t.regex(end, /admin@TmuxEdge> exit\n(.*\n)*\[ssh exited 0\]/);
});
