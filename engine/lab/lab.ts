// A lab: several devices in one process, each with its own state directory, Clock and
// Random, joined by the in-memory wire. With a virtual clock and a seed the whole lab is
// deterministic; `runUntilQuiet` and `advance` drive it for transcripts and tests.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Device } from '../device.ts';
import { RealClock, VirtualClock, type Clock } from '../runtime/clock.ts';
import { CryptoRandom, SeededRandom, type Random } from '../runtime/random.ts';
import { natPortName, type LabSpec } from './lab-file.ts';
import { LiveScheduler, Scheduler, type RunResult } from './scheduler.ts';
import { Wire, type Endpoint } from './wire.ts';
import { EndHost } from './end-host.ts';
import { RealNetworkBridge } from './real-network.ts';
import { LabCapture } from './lab-capture.ts';
import { NatRouter } from './nat-router.ts';

export interface LabOptions {
  stateRoot: string;
  /** Virtual time and seeded randomness (transcripts, tests), or the real ones (live use). */
  mode: 'virtual' | 'live';
  /** Overrides the lab file's seed in virtual mode. */
  seed?: number | string;
  /** Start from the lab file's configurations, discarding any saved state. */
  fresh?: boolean;
  /** Where a virtual clock starts. */
  startMs?: number;
  /** A directory for one pcap per segment and Wireshark's key tables (engine/lab/lab-capture.ts). */
  capture?: string;
}

/** Virtual labs start at the seed course's era unless told otherwise. */
const DEFAULT_START = Date.UTC(2012, 5, 1, 10, 0, 0);

export class Lab {
  readonly wire = new Wire();
  readonly clock: Clock;
  readonly devices = new Map<string, Device>();
  readonly hosts = new Map<string, EndHost>();
  readonly nats = new Map<string, NatRouter>();
  /** Wire endpoints by `Device:interface`, `host:name` or `nat:name:inside|outside`. */
  readonly ports = new Map<string, Endpoint>();
  /** Real-network endpoints by host address. */
  readonly bridges = new Map<string, RealNetworkBridge>();
  private readonly scheduler: Scheduler | undefined;
  private readonly live: LiveScheduler | undefined;
  private readonly capture: LabCapture | undefined;

  constructor(
    readonly spec: LabSpec,
    opts: LabOptions,
  ) {
    const virtual = opts.mode === 'virtual';
    const clock = virtual ? new VirtualClock(opts.startMs ?? DEFAULT_START) : new RealClock();
    this.clock = clock;
    const seed = opts.seed ?? spec.seed ?? 1;
    for (const d of spec.devices) {
      const dir = path.join(opts.stateRoot, spec.name, d.name);
      if (opts.fresh) rmSync(dir, { recursive: true, force: true });
      const random: Random = virtual ? new SeededRandom(`${seed}:${d.name}`) : new CryptoRandom();
      const device = new Device({ dir, clock, random, factoryConfig: readFileSync(d.config, 'utf8') });
      device.neighbours = (address) => this.deviceOwning(address);
      device.wirePort = (physical) => this.ports.get(`${d.name}:${physical}`);
      if (virtual) device.wait = async (ms) => void this.advance(ms);
      this.devices.set(d.name, device);
    }
    for (const seg of spec.segments) {
      for (const e of seg.endpoints) {
        const port = this.wire.attach(seg.name, e.name);
        this.ports.set(e.name, port);
        const ref = e.ref;
        if (ref.kind === 'device') this.devices.get(ref.device)!.network.attach(ref.interface, port);
        else if (ref.kind === 'host') this.hosts.set(ref.host, new EndHost(spec.hosts.find((h) => h.name === ref.host)!, port));
        else if (ref.kind === 'real') {
          // Real peers answer in real time: a virtual clock would stand still while they wait.
          if (virtual) throw new Error(`${e.name}: real-network endpoints need a live lab (srxsim lab up), not virtual time`);
          this.bridges.set(ref.address, new RealNetworkBridge(ref.address, port));
        }
        // A NAT router is built below, once both of its sides are attached.
      }
    }
    for (const n of spec.nats) this.nats.set(n.name, new NatRouter(n, this.ports.get(natPortName(n.name, 'inside'))!, this.ports.get(natPortName(n.name, 'outside'))!, clock));
    this.capture = opts.capture === undefined ? undefined : new LabCapture(opts.capture, this.wire.segments, this.devices, clock);
    for (const device of this.devices.values()) device.start();
    if (clock instanceof VirtualClock) this.scheduler = new Scheduler(this.wire, clock);
    else this.live = new LiveScheduler(this.wire);
    this.live?.start();
  }

  /** Delivers everything in flight and fires due timers (virtual labs); live labs run by themselves. */
  runUntilQuiet(): RunResult {
    return this.scheduler ? this.scheduler.runUntilQuiet() : { ok: true };
  }

  advance(ms: number): RunResult {
    if (!this.scheduler) return { ok: false, error: 'a live lab cannot advance its clock' };
    return this.scheduler.advance(ms);
  }

  /** The device with an interface address equal to `address` (for `ssh ADDRESS`). */
  deviceOwning(address: string): Device | undefined {
    return [...this.devices.values()].find((d) => d.interfaceAddresses().includes(address));
  }

  /** Resolves once every real-network endpoint has its sockets; rejects with the first bind error. */
  async ready(): Promise<void> {
    await Promise.all([...this.bridges.values()].map((b) => b.bound));
  }

  stop(): void {
    this.live?.stop();
    for (const b of this.bridges.values()) b.close();
    this.capture?.stop();
  }
}
