// The device's SSH server (ssh2): password and public-key logins decided by the device,
// a shell channel runs a Session (interactive with a pty, line by line without), an exec
// channel runs one command and exits with its status. Listens on loopback by default.
import ssh2 from 'ssh2';
import type { AuthContext, AuthenticationType, Connection, PseudoTtyInfo, ServerChannel, Session as SshChannelSession } from 'ssh2';
import type { Clock } from '../engine/runtime/clock.ts';
import { loadOrCreateHostKey } from './host-key.ts';
import type { Interpreter } from './interpreter.ts';
import { Session } from './session.ts';
import { runSingleCommand } from './single-command.ts';
import { toCrlf } from './terminal-text.ts';

const { Server, utils } = ssh2;

export interface SshUser {
  user: string;
  /** Login class (`super-user`, `operator`, `read-only`, ...), enforced by the interpreter. */
  cls: string;
}

export type AuthResult = ({ ok: true } & SshUser) | { ok: false };

export interface PublicKeyCredential {
  /** Key algorithm, e.g. "ssh-ed25519", "ssh-rsa". */
  algo: string;
  /** The public key in SSH wire format (what an authorized_keys line base64-encodes). */
  key: Buffer;
}

export interface SshSessionInfo {
  /** Unique per server, increasing. */
  id: number;
  kind: 'shell' | 'exec';
  /** "pts/N" for shell channels (lowest free N), like the device's login terminals. */
  terminal?: string;
  remoteAddress: string;
  remotePort: number;
  /** Clock time of the channel's start. */
  startedAt: number;
  interactive: boolean;
}

export type SshLogEvent =
  | { type: 'auth-failure'; user: string; method: 'password' | 'publickey'; remoteAddress: string }
  | { type: 'login'; user: string; method: 'password' | 'publickey'; remoteAddress: string }
  | { type: 'session-start' | 'session-end'; user: string; session: SshSessionInfo }
  | { type: 'error'; error: unknown };

export interface SshServerOptions {
  /** Where the host key is kept (created on first start). */
  stateDir: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port (see SshServer.port). */
  port: number;
  clock: Clock;
  authenticate(
    user: string,
    method: 'password' | 'publickey',
    credential: string | PublicKeyCredential,
  ): Promise<AuthResult>;
  createInterpreter(user: SshUser, session: SshSessionInfo): Interpreter;
  /** Pause before a failed password login is answered; default 2000 ms. */
  authFailureDelayMs?: number;
  /** How that pause is taken; default: a timer on `clock`. */
  delay?(ms: number): Promise<void>;
  /** Interactive sessions end after this long idle at the prompt; 0 or absent: never. */
  idleTimeoutMs?: number;
  saveFile?(user: SshUser, name: string, content: string): Promise<void>;
  log?(event: SshLogEvent): void;
}

export interface SshServer {
  readonly host: string;
  readonly port: number;
  /** Open shell and exec channels. */
  readonly sessionCount: number;
  close(): Promise<void>;
}

export async function startSshServer(options: SshServerOptions): Promise<SshServer> {
  const hostKey = await loadOrCreateHostKey(options.stateDir);
  const host = options.host ?? '127.0.0.1';
  const log = (event: SshLogEvent) => options.log?.(event);
  const delay = options.delay ?? ((ms: number) => new Promise<void>((r) => options.clock.setTimer(ms, r)));
  const clients = new Set<Connection>();
  const terminals = new Set<number>();
  let nextSessionId = 1;
  let open = 0;

  const server = new Server({ hostKeys: [hostKey], ident: 'srxsim' }, (client, info) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', (error) => log({ type: 'error', error }));
    let user: SshUser | undefined;

    client.on('authentication', (ctx) => {
      authenticate(ctx, info.ip, (u) => (user = u)).catch((error) => {
        log({ type: 'error', error });
        ctx.reject();
      });
    });

    client.on('ready', () => {
      client.on('session', (accept) => {
        const channelSession = accept();
        if (user) serveSession(channelSession, user, info.ip, info.port);
      });
    });
  });

  /** Answers one authentication attempt; `login` receives the user before ctx is accepted. */
  async function authenticate(ctx: AuthContext, remoteAddress: string, login: (user: SshUser) => void): Promise<void> {
    const methods: AuthenticationType[] = ['password', 'publickey'];
    if (ctx.method === 'password') {
      const result = await options.authenticate(ctx.username, 'password', ctx.password);
      if (result.ok) return accepted(ctx, result, remoteAddress, login);
      log({ type: 'auth-failure', user: ctx.username, method: 'password', remoteAddress });
      await delay(options.authFailureDelayMs ?? 2000);
      return ctx.reject(methods);
    }
    if (ctx.method === 'publickey') {
      const result = await options.authenticate(ctx.username, 'publickey', { algo: ctx.key.algo, key: ctx.key.data });
      if (!result.ok) {
        // A client offers each of its keys in turn: only a signed attempt is a failed login.
        if (ctx.signature) log({ type: 'auth-failure', user: ctx.username, method: 'publickey', remoteAddress });
        return ctx.reject(methods);
      }
      // The key is known: the client now proves it holds the private half.
      if (!ctx.signature || !ctx.blob) return ctx.accept();
      const key = utils.parseKey(ctx.key.data);
      if (key instanceof Error || key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) {
        log({ type: 'auth-failure', user: ctx.username, method: 'publickey', remoteAddress });
        return ctx.reject(methods);
      }
      return accepted(ctx, result, remoteAddress, login);
    }
    ctx.reject(methods);
  }

  function accepted(ctx: AuthContext, result: SshUser, remoteAddress: string, login: (user: SshUser) => void): void {
    log({ type: 'login', user: result.user, method: ctx.method as 'password' | 'publickey', remoteAddress });
    login({ user: result.user, cls: result.cls });
    ctx.accept();
  }

  function serveSession(channelSession: SshChannelSession, user: SshUser, remoteAddress: string, remotePort: number) {
    let pty: PseudoTtyInfo | undefined;
    let session: Session | undefined;
    channelSession.on('pty', (accept, _reject, info) => {
      pty = info;
      accept?.();
    });
    channelSession.on('window-change', (accept, _reject, info) => {
      session?.resize(info.cols, info.rows);
      accept?.();
    });
    channelSession.on('shell', (accept) => {
      const channel = accept();
      const terminal = allocateTerminal();
      const sessionInfo = newInfo('shell', remoteAddress, remotePort, pty !== undefined, `pts/${terminal}`);
      track(channel, user, sessionInfo, async () => {
        try {
          session = new Session({
            interpreter: options.createInterpreter(user, sessionInfo),
            input: channel,
            output: channel,
            interactive: pty !== undefined,
            columns: pty?.cols,
            rows: pty?.rows,
            clock: options.clock,
            idleTimeoutMs: options.idleTimeoutMs,
            saveFile: options.saveFile && ((name, content) => options.saveFile!(user, name, content)),
            onInternalError: (error) => log({ type: 'error', error }),
          });
          await session.run();
          return 0;
        } finally {
          terminals.delete(terminal);
        }
      });
    });
    channelSession.on('exec', (accept, _reject, info) => {
      const channel = accept();
      const sessionInfo = newInfo('exec', remoteAddress, remotePort, false);
      track(channel, user, sessionInfo, async () => {
        const outcome = await runSingleCommand({
          interpreter: options.createInterpreter(user, sessionInfo),
          line: info.command,
          write: (text) => channel.write(pty ? toCrlf(text) : text),
          columns: pty?.cols,
          saveFile: options.saveFile && ((name, content) => options.saveFile!(user, name, content)),
          onInternalError: (error) => log({ type: 'error', error }),
        });
        return outcome === 'error' ? 1 : 0;
      });
    });
    channelSession.on('subsystem', (_accept, reject) => reject?.());
  }

  function newInfo(kind: 'shell' | 'exec', remoteAddress: string, remotePort: number, interactive: boolean, terminal?: string) {
    const info: SshSessionInfo = {
      id: nextSessionId++, kind, remoteAddress, remotePort, startedAt: options.clock.now(), interactive,
    };
    if (terminal) info.terminal = terminal;
    return info;
  }

  function allocateTerminal(): number {
    let n = 0;
    while (terminals.has(n)) n++;
    terminals.add(n);
    return n;
  }

  /** Runs a channel's work, then reports the exit status and closes the channel. */
  function track(channel: ServerChannel, user: SshUser, session: SshSessionInfo, work: () => Promise<number>) {
    open++;
    channel.on('error', (error: unknown) => log({ type: 'error', error }));
    log({ type: 'session-start', user: user.user, session });
    work()
      .catch((error) => {
        log({ type: 'error', error });
        return 1;
      })
      .then((status) => {
        open--;
        log({ type: 'session-end', user: user.user, session });
        if (!channel.destroyed) {
          channel.exit(status);
          channel.end();
        }
      });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error: unknown) => log({ type: 'error', error }));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  return {
    host,
    port,
    get sessionCount() {
      return open;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of clients) client.end();
        server.close(() => resolve());
      }),
  };
}
