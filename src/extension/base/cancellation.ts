/** The user cancelled: commands end silently when they see this. */
export class Cancelled extends Error {
  override readonly name = 'Cancelled';
  constructor() {
    super('cancelled');
  }
}

/** True for {@link Cancelled} and for VS Code's own `CancellationError` (matched by name: no runtime import). */
export function isCancellation(e: unknown): boolean {
  return e instanceof Cancelled || (e instanceof Error && (e.name === 'Canceled' || e.name === 'Cancelled'));
}

/** Throws {@link Cancelled} when `signal` has been aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Cancelled();
}
