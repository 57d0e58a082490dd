/**
 * Ownership of things that must be released: timers, event subscriptions, status bar items.
 * Runtime-free (no `vscode` import) so services built on it can be tested with plain fakes.
 */

/** Anything with a `dispose()`: a `vscode.Disposable`, a timer wrapper, an event subscription. */
export interface DisposableLike {
  dispose(): unknown;
}

/** Disposes every item, in reverse order of registration; one failing item does not stop the rest. */
export function disposeAll(items: DisposableLike[]): void {
  const errors: unknown[] = [];
  while (items.length > 0) {
    try {
      items.pop()?.dispose();
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, 'several disposables failed');
}

/** Wraps a cleanup function as a disposable that runs it at most once. */
export function toDisposable(cleanup: () => void): DisposableLike {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      cleanup();
    },
  };
}

/** Base class whose subclasses `_register` what they own; `dispose()` releases all of it once. */
export abstract class Disposable implements DisposableLike {
  private readonly _owned: DisposableLike[] = [];
  private _disposed = false;

  /** True once `dispose()` ran; registering after that disposes the item at once. */
  protected get isDisposed(): boolean {
    return this._disposed;
  }

  /** Releases everything registered, newest first. Safe to call twice. */
  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    disposeAll(this._owned);
  }

  /** Takes ownership of `item` and returns it; an already disposed owner disposes `item` immediately. */
  protected _register<T extends DisposableLike>(item: T): T {
    if (this._disposed) item.dispose();
    else this._owned.push(item);
    return item;
  }
}

/** A disposable `setInterval`: disposing it clears the interval. */
export function intervalTimer(callback: () => void, ms: number): DisposableLike {
  const handle = setInterval(callback, ms);
  return toDisposable(() => clearInterval(handle));
}

/** A disposable `setTimeout` (the delay is clamped by the caller, see expiry.ts `clampDelay`). */
export function timeoutTimer(callback: () => void, ms: number): DisposableLike {
  const handle = setTimeout(callback, ms);
  return toDisposable(() => clearTimeout(handle));
}
