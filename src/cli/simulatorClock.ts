/**
 * `run --aws` against a simulator started with `simulate --time-scale K`: the router must count
 * its minute windows and waits in the simulator's time, or a 60 RPM target is held to 60
 * requests per real minute while the simulator's minute passes in a second. The simulator says
 * its time scale and clock at `GET /__sim/health` (loopback only; a real Bedrock endpoint is never
 * asked), and `--time-scale K` says it by hand.
 */
import { type Clock, ScaledClock, SystemClock } from '../core/clock';

interface Health {
  timeScale?: unknown;
  now?: unknown;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The simulator's clock, when `endpoint` is a simulator on loopback that answers; undefined otherwise. */
export async function simulatorClock(endpoint: string | undefined, fetchImpl: typeof fetch = fetch): Promise<ScaledClock | undefined> {
  if (!endpoint) return undefined;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return undefined;
  }
  if (!LOOPBACK.has(url.hostname)) return undefined;
  try {
    const res = await fetchImpl(new URL('/__sim/health', url.origin), { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return undefined;
    const health = (await res.json()) as Health;
    if (typeof health.timeScale !== 'number' || !(health.timeScale > 0) || typeof health.now !== 'number') return undefined;
    return new ScaledClock(health.timeScale, health.now);
  } catch {
    return undefined; // not a simulator (or not up): real time
  }
}

/** The router's clock for `run --aws`: `--time-scale K` if given, else the simulator's if `endpoint` is one, else real time. */
export async function awsRunClock(endpoint: string | undefined, timeScale: number | undefined): Promise<{ clock: Clock; source: string }> {
  if (timeScale !== undefined) return { clock: timeScale === 1 ? new SystemClock() : new ScaledClock(timeScale), source: `--time-scale ${timeScale}` };
  const sim = await simulatorClock(endpoint);
  if (sim && sim.scale !== 1) return { clock: sim, source: `the simulator at ${endpoint} (time scale ${sim.scale})` };
  return { clock: sim ?? new SystemClock(), source: 'real time' };
}
