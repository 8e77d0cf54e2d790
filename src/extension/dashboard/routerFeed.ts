import * as vscode from 'vscode';
import { type Router } from '../../router';
import { type Services } from '../services';
import { type SettingsWatcher } from '../settings';
import { type Throttled, throttle } from './throttle';

/**
 * Tells a view when the shared router's state may have changed, at most once per
 * `intervalMs`: requests and attempts (router.onChange, onRecord), settings re-reads,
 * the backend starting or stopping, the limits moving to or from Redis, a new router
 * taking over (a new limit store). Limits are sliding windows and cooldowns run out
 * with no event at all, so a view that shows them asks for a later look with `refreshIn`.
 *
 * The router is cheap to create (no SDK, no simulator: those start with the first
 * model call), so the feed creates it; while the settings are invalid and no earlier
 * configuration was valid there is none, and the feed tries again after each re-read.
 */
export class RouterFeed implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly fire: Throttled;
  private attached: { router: Router; subscriptions: Array<{ dispose(): void }> } | undefined;
  private later: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  /** Fires (throttled) when the router's state may have changed. */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly services: Services,
    settings: SettingsWatcher,
    intervalMs: number,
  ) {
    this.fire = throttle(() => this.emitter.fire(), intervalMs);
    this.disposables.push(
      settings.onDidChange(() => {
        this.attach();
        this.fire();
      }),
      services.onDidChangeBackend(() => this.fire()),
      services.onDidChangeLimits(() => this.fire()),
      services.onDidChangeRouter(() => {
        this.detach();
        this.attach();
        this.fire();
      }),
    );
    this.attach();
  }

  /** The shared router, or undefined while no valid settings were ever read. */
  router(): Router | undefined {
    this.attach();
    return this.attached?.router;
  }

  /** Fires once more after `ms` (a sliding window drains, a cooldown runs out), unless sooner. */
  refreshIn(ms: number): void {
    if (this.later) return;
    this.later = setTimeout(() => {
      this.later = undefined;
      this.fire();
    }, ms);
  }

  private attach(): void {
    if (this.attached) return;
    let router: Router;
    try {
      router = this.services.getRouter();
    } catch {
      return; // invalid settings: a `config` error the views show from the settings' problems
    }
    this.attached = { router, subscriptions: [router.onChange(() => this.fire()), router.onRecord(() => this.fire())] };
  }

  private detach(): void {
    for (const s of this.attached?.subscriptions ?? []) s.dispose();
    this.attached = undefined;
  }

  dispose(): void {
    this.fire.dispose();
    if (this.later) clearTimeout(this.later);
    this.detach();
    for (const d of this.disposables) d.dispose();
  }
}
