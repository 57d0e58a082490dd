/**
 * Optional clearing of the clipboard N seconds after a token was copied, only if the clipboard still
 * holds exactly what was copied (the user may have copied something else meanwhile).
 */
import { Disposable, type DisposableLike, timeoutTimer } from '../base/dispose';
import { clampDelay } from './expiry';

/** The clipboard as `vscode.env.clipboard` offers it. */
export interface ClipboardLike {
  readText(): Thenable<string> | Promise<string>;
  writeText(value: string): Thenable<void> | Promise<void>;
}

/** Schedules at most one pending clear; a new copy replaces the previous schedule. */
export class ClipboardClearer extends Disposable {
  private pending: DisposableLike | undefined;

  constructor(
    private readonly clipboard: ClipboardLike,
    private readonly schedule: (callback: () => void, ms: number) => DisposableLike = timeoutTimer,
  ) {
    super();
    this._register({ dispose: () => this.pending?.dispose() });
  }

  /** Writes `text` and, when `seconds` > 0, clears it after that long if it is still there. */
  async copy(text: string, seconds: number): Promise<void> {
    this.pending?.dispose();
    this.pending = undefined;
    await this.clipboard.writeText(text);
    if (!Number.isFinite(seconds) || seconds <= 0) return;
    this.pending = this.schedule(
      () => {
        this.pending = undefined;
        void this.clearIfStill(text);
      },
      clampDelay(seconds * 1000),
    );
  }

  /** Empties the clipboard when it still holds `text`; resolves true when it did. */
  async clearIfStill(text: string): Promise<boolean> {
    const current = await this.clipboard.readText();
    if (current !== text) return false;
    await this.clipboard.writeText('');
    return true;
  }
}
