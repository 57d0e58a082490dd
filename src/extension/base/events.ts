/**
 * A minimal event emitter whose `event` has the same shape as `vscode.Event`, so runtime-free services
 * can offer events that VS Code code subscribes to directly.
 */
import { type DisposableLike, toDisposable } from './dispose';

/** Same call shape as `vscode.Event<T>`. */
export type Event<T> = (
  listener: (e: T) => unknown,
  thisArgs?: unknown,
  disposables?: DisposableLike[],
) => DisposableLike;

/** Fires values to its listeners; a listener that throws does not stop the others. */
export class Emitter<T> implements DisposableLike {
  private listeners = new Set<(e: T) => unknown>();
  private disposed = false;

  constructor(private readonly onListenerError: (e: unknown) => void = () => {}) {}

  /** Subscribe; the returned disposable unsubscribes. Subscribing after dispose is a no-op. */
  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    const bound = thisArgs === undefined ? listener : listener.bind(thisArgs);
    if (this.disposed) return toDisposable(() => {});
    this.listeners.add(bound);
    const subscription = toDisposable(() => this.listeners.delete(bound));
    disposables?.push(subscription);
    return subscription;
  };

  /** Calls every current listener with `value`. */
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (e) {
        this.onListenerError(e);
      }
    }
  }

  /** Drops all listeners; later `fire` calls do nothing. */
  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}
