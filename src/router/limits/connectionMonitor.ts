/** Calls `fn` once after `realMs` real milliseconds unless the returned function is called first. */
export type RealTimer = (realMs: number, fn: () => void) => () => void;

/**
 * A real-time timer that does not keep the process alive. Heartbeats and probes are real
 * time (Redis's TTLs are), not the router clock's (which may be scaled or manual), so this
 * is not `Clock.timer`.
 */
export const unrefTimer: RealTimer = (realMs, fn) => {
  const t = setTimeout(fn, Math.max(0, realMs));
  t.unref?.();
  return () => clearTimeout(t);
};

export interface ConnectionMonitorOptions {
  /** Real ms between heartbeats while connected. */
  heartbeatMs: number;
  /** Real ms between probes while not. */
  probeMs: number;
  /** Whether the next tick is a heartbeat (connected) or a probe. */
  connected: () => boolean;
  heartbeat: () => Promise<void>;
  probe: () => Promise<void>;
  /** Runs before each tick's heartbeat or probe (housekeeping). */
  beforeTick?: () => void;
  timer?: RealTimer;
}

/**
 * Runs a heartbeat while connected and a probe while not, one at a time: a tick that is
 * still running when the next is due pushes the next one back by a probe interval.
 */
export class ConnectionMonitor {
  private readonly timer: RealTimer;
  private cancel: (() => void) | undefined;
  private busy = false;
  private stopped = false;

  constructor(private readonly o: ConnectionMonitorOptions) {
    this.timer = o.timer ?? unrefTimer;
  }

  /** Ticks after `realMs` (0: as soon as possible), replacing any tick already scheduled. */
  schedule(realMs: number): void {
    if (this.stopped) return;
    this.cancel?.();
    this.cancel = this.timer(realMs, () => void this.tick());
  }

  stop(): void {
    this.stopped = true;
    this.cancel?.();
  }

  private async tick(): Promise<void> {
    if (this.busy) return this.schedule(this.o.probeMs);
    this.busy = true;
    this.o.beforeTick?.();
    try {
      if (this.o.connected()) await this.o.heartbeat();
      else await this.o.probe();
    } finally {
      this.busy = false;
      this.schedule(this.o.connected() ? this.o.heartbeatMs : this.o.probeMs);
    }
  }
}
