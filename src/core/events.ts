/** A disposable subscription, shaped like VS Code's so the extension can push it into `context.subscriptions`. */
export interface Disposable {
  dispose(): void;
}

export type Listener<T> = (event: T) => void;

/**
 * A minimal typed event emitter. Keep the emitter private and expose `event`:
 * `readonly onRecord = this.recordEmitter.event;`
 * A listener that throws is reported to `onListenerError` and never breaks the emitter.
 */
export class Emitter<T> {
  private listeners: Array<Listener<T>> = [];

  constructor(private readonly onListenerError: (err: unknown) => void = () => {}) {}

  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners = [...this.listeners, listener];
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
      },
    };
  };

  get hasListeners(): boolean {
    return this.listeners.length > 0;
  }

  fire(event: T): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  dispose(): void {
    this.listeners = [];
  }
}
