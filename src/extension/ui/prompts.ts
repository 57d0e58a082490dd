/**
 * Quick input helpers that turn "the user pressed Escape" into {@link Cancelled}, so command code reads
 * as a straight sequence and the command boundary ends it silently.
 */
import * as vscode from 'vscode';
import { Cancelled } from '../base/cancellation';

/** A quick pick item carrying the value it stands for. */
export interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
}

/** Options of {@link pickOne}. */
export interface PickOptions<T> {
  title?: string;
  placeholder?: string;
  /** The value whose item is highlighted at first (Enter picks it). */
  active?: T;
  matchOnDescription?: boolean;
}

/** Shows a single-choice quick pick; resolves the chosen value, rejects with Cancelled on Escape. */
export function pickOne<T>(items: readonly PickItem<T>[], options: PickOptions<T> = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const quickPick = vscode.window.createQuickPick<PickItem<T>>();
    quickPick.title = options.title;
    quickPick.placeholder = options.placeholder;
    quickPick.matchOnDescription = options.matchOnDescription ?? true;
    // A focused webview (the claims panel) takes focus back from the palette and would close the pick at once.
    quickPick.ignoreFocusOut = true;
    quickPick.items = items;
    const active = items.find((i) => options.active !== undefined && i.value === options.active);
    if (active) quickPick.activeItems = [active];
    let settled = false;
    quickPick.onDidAccept(() => {
      const chosen = quickPick.selectedItems[0] ?? quickPick.activeItems[0];
      if (!chosen) return;
      settled = true;
      resolve(chosen.value);
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      quickPick.dispose();
      if (!settled) reject(new Cancelled());
    });
    quickPick.show();
  });
}

/** Shows an input box; resolves the (trimmed) text, rejects with Cancelled on Escape. */
export async function askText(options: vscode.InputBoxOptions): Promise<string> {
  const value = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  if (value === undefined) throw new Cancelled();
  return options.password ? value : value.trim();
}

/** A modal warning with one confirming action; rejects with Cancelled unless the user confirms. */
export async function confirmModal(message: string, detail: string, action: string): Promise<void> {
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
  if (choice !== action) throw new Cancelled();
}

/** Rejects names VS Code settings and SecretStorage keys would handle badly; `undefined` when fine. */
export function profileNameProblem(name: string, taken: readonly string[] = []): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return vscode.l10n.t('Enter a name.');
  if (trimmed.length > 64) return vscode.l10n.t('Use at most 64 characters.');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return vscode.l10n.t('Control characters are not allowed.');
  if (taken.includes(trimmed)) return vscode.l10n.t('A profile named "{0}" already exists.', trimmed);
  return undefined;
}

/** Rejects key names SecretStorage keys and settings would handle badly, and names already taken; `undefined` when fine. */
export function keyNameProblem(name: string, taken: readonly string[] = []): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return vscode.l10n.t('Enter a name for the key.');
  if (trimmed.length > 64) return vscode.l10n.t('Use at most 64 characters.');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return vscode.l10n.t('Control characters are not allowed.');
  if (taken.includes(trimmed)) return vscode.l10n.t('A key named "{0}" already exists.', trimmed);
  return undefined;
}
