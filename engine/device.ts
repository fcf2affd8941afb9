// One emulated SRX: its configuration database, who is logged in and who is editing, and the
// facts `show version` reports. Terminals and sockets live in shell/; this knows none of them.
import { ConfigStore, type StoreOptions } from './config/store.ts';
import { object, objects, type ConfigObject } from './config/view.ts';
import { verifyLoginPassword } from './config/secret/sha512-crypt.ts';
import { FileArea } from './file-area.ts';
import { NetworkStack, type UdpEndpoint } from './net/stack.ts';
import { IkeEngine } from './ike/sa/engine.ts';
import { addNonEspMarker, classifyNatTDatagram, IKE_PORT, NAT_KEEPALIVE, NAT_T_PORT } from './ike/codec/nat-t-framing.ts';
import type { IkeLogEntry } from './ike/sa/events.ts';
import type { Endpoint } from './lab/wire.ts';
import { ikeConfiguration } from './ike/config-adapter.ts';
import { Forwarder } from './dataplane/forwarder.ts';
import { syslogTime } from './syslog-time.ts';
import path from 'node:path';
import type { Clock } from './runtime/clock.ts';
import type { Random } from './runtime/random.ts';

export type LoginClass = 'super-user' | 'operator' | 'read-only' | 'unauthorized';

export interface LoginSession {
  readonly id: number;
  readonly user: string;
  readonly cls: LoginClass;
  /** `pts/0`, or `console` for the local terminal. */
  readonly terminal: string;
  readonly from: string;
  readonly pid: number;
  readonly since: number;
  /** Set while the session is in configuration mode. */
  editing?: { path: string; mode: 'shared' | 'private' | 'exclusive' };
  /** Where broadcasts (`Commit was not confirmed...`) reach this session. */
  notify(message: string): void;
}

export interface DeviceFacts {
  model: string;
  release: string;
  /** Build stamp of the release, shown in the login banner. */
  built: string;
}

/** IKE events after which the data plane re-reads the IPsec SA table. */
const SA_TABLE_EVENTS = new Set(['phase2-up', 'ipsec-sa-deleted', 'peer-moved']);

export const DEFAULT_FACTS: DeviceFacts = { model: 'srx240h2', release: '12.1X44-D10.4', built: '2013-01-09 02:41:54 UTC' };

export class Device {
  /** Set up before the store opens: booting applies the committed configuration to it. */
  readonly network = new NetworkStack();
  readonly ike: IkeEngine;
  readonly dataPlane: Forwarder;
  /** Lines of the key-management log (`show log kmd`), oldest first. */
  readonly kmdLog: string[] = [];
  /** IKE runs once the device is cabled (a lab calls start); until then commits only configure. */
  private started = false;
  readonly store: ConfigStore;
  readonly files: FileArea;
  private readonly sessions = new Map<number, LoginSession>();
  private nextSession = 1;
  /** Pseudo process ids for `show system users` and the editing banner. */
  private nextPid = 31745;
  readonly bootTime: number;
  /**
   * Lets `ms` of device time pass while a command waits (ping): a virtual lab advances its
   * clock and runs until quiet; otherwise real time passes.
   */
  wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => this.clock.setTimer(ms, resolve));
  /** Other devices of the lab by address, for the `ssh` command; none outside a lab. */
  neighbours: (address: string) => Device | undefined = () => undefined;
  /** The lab wire endpoint a physical interface is cabled to (`monitor traffic`); none outside a lab. */
  wirePort: (physical: string) => Endpoint | undefined = () => undefined;
  /** Told of every IKE event after the device has acted on it (a lab's key export listens). */
  readonly ikeObservers: ((entry: IkeLogEntry) => void)[] = [];
  /** The session holding `configure exclusive`, which alone may commit. */
  exclusive: LoginSession | undefined;

  constructor(
    opts: Omit<StoreOptions, 'onBroadcast' | 'consumer'>,
    readonly facts: DeviceFacts = DEFAULT_FACTS,
  ) {
    this.ike = new IkeEngine({
      clock: opts.clock,
      random: opts.random,
      send: (message, peer, localPort) => this.sendFromIkePort(localPort === NAT_T_PORT ? addNonEspMarker(message) : message, peer, localPort),
      sendNatKeepalive: (peer, localPort) => this.sendFromIkePort(NAT_KEEPALIVE, peer, localPort),
      log: (entry) => {
        this.logKmd(entry.message);
        // The packet layer follows the SA table as IKE installs, deletes and (NAT-T) moves SAs.
        if (SA_TABLE_EVENTS.has(entry.event.type)) this.dataPlane.syncSas(this.ike.ipsecSas());
        for (const observe of this.ikeObservers) observe(entry);
      },
    });
    this.dataPlane = new Forwarder(this.network, this.ike, opts.random, opts.clock);
    this.network.dataPlane = this.dataPlane;
    const consumer = {
      apply: (next: ConfigObject) => {
        this.network.reconfigure(next, opts.clock.now());
        for (const problem of this.dataPlane.reconfigure(next)) this.logKmd(problem);
        if (this.started) this.configureIke(next);
        return { ok: true as const };
      },
    };
    this.store = ConfigStore.open({ ...opts, dir: path.join(opts.dir, 'config'), consumer, onBroadcast: (m) => this.broadcast(m) });
    for (const port of [IKE_PORT, NAT_T_PORT]) this.network.bindUdp(port, (payload, from) => this.receiveOnIkePort(payload, from, port));
    this.files = new FileArea(path.join(opts.dir, 'files'));
    this.bootTime = opts.clock.now();
  }

  /** Starts the protocols on the committed configuration (tunnels set to come up immediately do). */
  start(): void {
    this.started = true;
    this.configureIke(this.store.committedView());
  }

  private configureIke(config: ConfigObject): void {
    const { gateways, vpns, problems } = ikeConfiguration(config, this.network.interfaces);
    for (const p of problems) this.logKmd(p);
    this.ike.configure(gateways, vpns);
  }

  private logKmd(message: string): void {
    this.kmdLog.push(`${syslogTime(this.clock.now())} ${this.hostName()} kmd[1347]: ${message}`);
  }

  /**
   * UDP 500 and 4500: a message behind the non-ESP marker loses it (on either port: some
   * peers float only their own port), a NAT keepalive only kept the peer's NAT mapping open.
   * ESP-in-UDP never gets here: the stack hands it to the data plane.
   */
  private receiveOnIkePort(payload: Buffer, from: UdpEndpoint, localPort: number): void {
    const framed = classifyNatTDatagram(payload);
    if (framed.kind === 'keepalive') return;
    this.ike.receive(framed.kind === 'ike' ? framed.message : payload, from, localPort);
  }

  /** IKE (and NAT keepalives) leave from the address of the interface that routes to the peer. */
  private sendFromIkePort(payload: Buffer, peer: UdpEndpoint, localPort: number): void {
    const source = this.network.sourceFor(peer.address);
    if (!source) return this.logKmd(`IKE packet to ${peer.address}:${peer.port} not sent: no route to the peer`);
    this.network.sendUdp({ address: source, port: localPort }, peer, payload);
  }

  get clock(): Clock {
    return this.options.clock;
  }

  get random(): Random {
    return this.options.random;
  }

  private get options() {
    return this.store.options;
  }

  hostName(): string {
    const system = this.store.committedView().system as ConfigObject | undefined;
    return (system?.['host-name'] as string | undefined) ?? 'srx';
  }

  /** The IPv4 addresses configured on the device's interfaces (committed configuration). */
  interfaceAddresses(): string[] {
    const ifs = (((this.store.committedView().interfaces ?? {}) as ConfigObject).interface ?? []) as ConfigObject[];
    return ifs.flatMap((i) =>
      ((i.unit ?? []) as ConfigObject[]).flatMap((u) => {
        const inet = ((u.family ?? {}) as ConfigObject).inet as ConfigObject | undefined;
        return ((inet?.address ?? []) as ConfigObject[]).map((a) => String(a.name).split('/')[0]!);
      }),
    );
  }

/** A login account from the committed `system login` (root from `root-authentication`). */
  private account(user: string): { cls: LoginClass; authentication: ConfigObject } | undefined {
    const system = object(this.store.committedView().system);
    if (user === 'root') return { cls: 'super-user', authentication: object(system['root-authentication']) };
    const entry = objects(object(system.login).user).find((u) => u.name === user);
    return entry && { cls: entry.class as LoginClass, authentication: object(entry.authentication) };
  }

  /** Password check against `system login` and `root-authentication`. */
  authenticate(user: string, password: string): { ok: true; cls: LoginClass } | { ok: false } {
    const a = this.account(user);
    const hash = a?.authentication['encrypted-password'];
    return a && typeof hash === 'string' && verifyLoginPassword(password, hash) ? { ok: true, cls: a.cls } : { ok: false };
  }

  /** The login class of a configured user, if there is one. */
  userClass(user: string): LoginClass | undefined {
    return this.account(user)?.cls;
  }

  /** Public-key check against the `ssh-rsa` / `ssh-ed25519` keys configured for the user. */
  authenticateKey(user: string, algo: string, key: Buffer): { ok: true; cls: LoginClass } | { ok: false } {
    const a = this.account(user);
    if (!a) return { ok: false };
    const keys = [...objects(a.authentication['ssh-rsa']), ...objects(a.authentication['ssh-ed25519'])];
    const wanted = `${algo} ${key.toString('base64')}`;
    const match = keys.some((k) => typeof k.name === 'string' && (k.name === wanted || k.name.startsWith(wanted + ' ')));
    return match ? { ok: true, cls: a.cls } : { ok: false };
  }

  login(user: string, cls: LoginClass, from: string, notify: (m: string) => void): LoginSession {
    const id = this.nextSession++;
    const s: LoginSession = {
      id,
      user,
      cls,
      terminal: from === 'console' ? 'u0' : `pts/${this.lowestFreePts()}`,
      from,
      pid: this.nextPid++,
      since: this.clock.now(),
      notify,
    };
    this.sessions.set(id, s);
    return s;
  }

  logout(s: LoginSession): void {
    this.sessions.delete(s.id);
  }

  loggedIn(): LoginSession[] {
    return [...this.sessions.values()];
  }

  /** The other sessions in configuration mode, for `Users currently editing`. */
  editors(except?: LoginSession): LoginSession[] {
    return this.loggedIn().filter((s) => s !== except && s.editing);
  }

  broadcast(message: string): void {
    for (const s of this.sessions.values()) s.notify(message);
  }

  private lowestFreePts(): number {
    const used = new Set([...this.sessions.values()].map((s) => s.terminal));
    let n = 0;
    while (used.has(`pts/${n}`)) n++;
    return n;
  }
}
