/**
 * The invocation log: every authenticated model call, in a bounded ring buffer so
 * long load runs do not grow memory.
 */
import type { InvocationRecord } from './types';

export const DEFAULT_LOG_CAPACITY = 100_000;

export class InvocationLog {
  private buffer: Array<InvocationRecord | undefined>;
  private next = 0;
  private size = 0;
  private dropped = 0;

  constructor(readonly capacity = DEFAULT_LOG_CAPACITY) {
    if (!(capacity >= 1)) throw new RangeError('invocation log capacity must be at least 1');
    this.buffer = new Array<InvocationRecord | undefined>(capacity);
  }

  append(record: InvocationRecord): void {
    if (this.size === this.capacity) this.dropped++;
    else this.size++;
    this.buffer[this.next] = record;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Oldest first. */
  records(): InvocationRecord[] {
    const out: InvocationRecord[] = [];
    const start = (this.next - this.size + this.capacity) % this.capacity;
    for (let i = 0; i < this.size; i++) {
      const r = this.buffer[(start + i) % this.capacity];
      if (r) out.push({ ...r });
    }
    return out;
  }

  /** Records overwritten because the buffer was full. */
  get droppedCount(): number {
    return this.dropped;
  }

  get length(): number {
    return this.size;
  }

  clear(): void {
    this.buffer = new Array<InvocationRecord | undefined>(this.capacity);
    this.next = 0;
    this.size = 0;
    this.dropped = 0;
  }
}
