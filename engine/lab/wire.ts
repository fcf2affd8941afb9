// The in-memory wire that joins a lab's devices and end hosts (DESIGN.md "Real protocols").
// A segment is a shared medium: a frame sent by one endpoint reaches every other endpoint
// attached to it. Frames are real packet bytes (IPv4 datagrams). Sending only queues; a
// scheduler drains the queue, so a receiver never runs inside its sender's call stack and
// delivery order is the order of sends, whatever the host's timing.

export type Receiver = (frame: Buffer, from: Endpoint) => void;
/** Sees every frame that enters a segment, once per send (the hook for a pcap writer). */
export type FrameObserver = (frame: Buffer, from: Endpoint, segment: Segment) => void;

export interface EndpointCounters {
  txFrames: number;
  rxFrames: number;
  /** Frames sent while this endpoint's link was down. */
  txDropped: number;
  /** Frames that arrived while this endpoint's link was down. */
  rxDropped: number;
}

export class Segment {
  readonly endpoints: Endpoint[] = [];
  readonly onFrame: FrameObserver[] = [];
  constructor(readonly name: string) {}
}

export class Endpoint {
  readonly counters: EndpointCounters = { txFrames: 0, rxFrames: 0, txDropped: 0, rxDropped: 0 };
  /** Link state; a down link neither sends nor receives. */
  up = true;
  /** Set by whatever owns the endpoint (a device interface, an end host). */
  receive: Receiver | undefined;

  constructor(
    readonly name: string,
    readonly segment: Segment,
    private readonly wire: Wire,
  ) {}

  send(frame: Buffer): void {
    this.wire.transmit(this, frame);
  }
}

interface InFlight {
  from: Endpoint;
  to: Endpoint;
  frame: Buffer;
}

export class Wire {
  private readonly segmentsByName = new Map<string, Segment>();
  private readonly endpointsByName = new Map<string, Endpoint>();
  private readonly queue: InFlight[] = [];
  /** Called whenever a frame is queued; the live scheduler uses it to schedule a drain. */
  onQueued: (() => void) | undefined;

  /** The named segment, created on first use. */
  segment(name: string): Segment {
    let seg = this.segmentsByName.get(name);
    if (!seg) {
      seg = new Segment(name);
      this.segmentsByName.set(name, seg);
    }
    return seg;
  }

  get segments(): Segment[] {
    return [...this.segmentsByName.values()];
  }

  endpoint(name: string): Endpoint | undefined {
    return this.endpointsByName.get(name);
  }

  /** Attach a new endpoint (`Edge:ge-1/0/1`, `host:edge-lan-host`) to a segment. */
  attach(segmentName: string, endpointName: string, receive?: Receiver): Endpoint {
    if (this.endpointsByName.has(endpointName)) throw new Error(`endpoint ${endpointName} is already attached`);
    const seg = this.segment(segmentName);
    const ep = new Endpoint(endpointName, seg, this);
    ep.receive = receive;
    seg.endpoints.push(ep);
    this.endpointsByName.set(endpointName, ep);
    return ep;
  }

  /** Frames queued and not yet delivered. */
  get inFlight(): number {
    return this.queue.length;
  }

  /** A short description of what is in flight, for livelock reports. */
  describeInFlight(limit = 3): string[] {
    return this.queue
      .slice(0, limit)
      .map((f) => `${f.from.name} -> ${f.to.name} on ${f.from.segment.name} (${f.frame.length} bytes)`);
  }

  /** Deliver the oldest queued frame; false when nothing was queued. */
  deliverNext(): boolean {
    const next = this.queue.shift();
    if (!next) return false;
    const { from, to, frame } = next;
    // Link state is checked on arrival too: a link can go down while a frame is in flight.
    if (!to.up) {
      to.counters.rxDropped++;
      return true;
    }
    to.counters.rxFrames++;
    to.receive?.(frame, from);
    return true;
  }

  /** Used by Endpoint.send. */
  transmit(from: Endpoint, frame: Buffer): void {
    if (!from.up) {
      from.counters.txDropped++;
      return;
    }
    from.counters.txFrames++;
    // Copy at send time so a sender reusing its buffer cannot alter frames on the wire,
    // and give each receiver and observer its own copy so none can alter another's.
    const snapshot = Buffer.from(frame);
    const seg = from.segment;
    for (const observe of [...seg.onFrame]) observe(Buffer.from(snapshot), from, seg);
    for (const to of seg.endpoints) {
      if (to !== from) this.queue.push({ from, to, frame: Buffer.from(snapshot) });
    }
    if (this.queue.length > 0) this.onQueued?.();
  }
}
