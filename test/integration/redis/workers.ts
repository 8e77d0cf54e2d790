import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { type Behaviour } from '../../support/fakeProvider';
import { type RequestResult, type WorkerCommand, type WorkerInit, type WorkerState } from './worker';

/** A router in a child process (one "window"), driven over IPC. */
export class Worker {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private stderr = '';

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (msg: { id: number; result?: unknown; error?: string }) => {
      const w = this.waiting.get(msg.id);
      if (!w) return;
      this.waiting.delete(msg.id);
      if (msg.error !== undefined) w.reject(new Error(`worker: ${msg.error}`));
      else w.resolve(msg.result);
    });
    child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    child.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`worker exited with ${code}: ${this.stderr}`));
      this.waiting.clear();
    });
  }

  static async start(init: WorkerInit): Promise<Worker> {
    const child = fork(join(__dirname, 'worker.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    const w = new Worker(child);
    await w.call({ type: 'init', init });
    return w;
  }

  private call<T>(cmd: WorkerCommand): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, cmd });
    });
  }

  burst(count: number, tenant: string, maxTokens = 190): Promise<RequestResult[]> {
    return this.call({ type: 'burst', count, tenant, maxTokens });
  }

  steady(everyMs: number, durationMs: number, tenant: string, maxTokens = 190): Promise<RequestResult[]> {
    return this.call({ type: 'steady', everyMs, durationMs, tenant, maxTokens });
  }

  script(target: string, behaviours: Behaviour[]): Promise<void> {
    return this.call({ type: 'script', target, behaviours });
  }

  state(): Promise<WorkerState> {
    return this.call({ type: 'state' });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.call({ type: 'close' }).catch(() => {});
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/** How many results had each outcome. */
export function tally(results: readonly RequestResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) out[r.outcome] = (out[r.outcome] ?? 0) + 1;
  return out;
}
