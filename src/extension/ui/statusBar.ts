/**
 * The status bar countdown `$(key) <profile> 9:41`: visible only while the active profile has a token,
 * ticking every second only while the expiry is known and ahead (the timer is a disposable that stops
 * otherwise), warning colours under `clientCreds.warningThresholdSeconds`, error colours once expired.
 */

import * as vscode from 'vscode';
import { Disposable, type DisposableLike, intervalTimer } from '../base/dispose';
import { CommandId, STATUS_ITEM_ID } from '../contract';
import type { ActiveProfile } from '../services/activeProfile';
import { expiryState, needsTicking, statusText, statusTooltip } from '../services/expiry';
import type { TokenService } from '../services/tokenService';

/** The status bar item id (extension contract). */

/** The countdown item. */
export class ExpiryStatusItem extends Disposable {
  private readonly item: vscode.StatusBarItem;
  private ticker: DisposableLike | undefined;

  constructor(
    private readonly active: ActiveProfile,
    private readonly tokens: TokenService,
    private readonly warningThresholdSeconds: () => number,
  ) {
    super();
    this.item = this._register(vscode.window.createStatusBarItem(STATUS_ITEM_ID, vscode.StatusBarAlignment.Right, 100));
    this.item.name = vscode.l10n.t('Client Creds Token');
    this.item.command = CommandId.StatusBarMenu;
    this._register({ dispose: () => this.stopTicking() });
    this._register(active.onDidChange(() => this.update()));
    this._register(tokens.onDidChange(() => this.update()));
  }

  /** Redraws from the active profile's token and starts or stops the ticker. */
  update(): void {
    if (this.isDisposed) return;
    const name = this.active.snapshot.isProfile ? this.active.snapshot.name : undefined;
    const token = this.tokens.current(name);
    if (name === undefined || token === undefined) {
      this.stopTicking();
      this.item.hide();
      return;
    }
    const now = Date.now();
    const state = expiryState(token, now, this.warningThresholdSeconds());
    this.item.text = statusText(name, token, now, vscode.l10n.t);
    this.item.tooltip = statusTooltip(name, token, now, vscode.l10n.t);
    this.item.backgroundColor =
      state === 'warning'
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : state === 'expired'
          ? new vscode.ThemeColor('statusBarItem.errorBackground')
          : undefined;
    this.item.accessibilityInformation = {
      label: vscode.l10n.t('Client Creds token for {0}: {1}', name, this.item.text.replace(/^\$\(key\)\s*/, '')),
    };
    this.item.show();
    if (needsTicking(token, now)) this.startTicking();
    else this.stopTicking();
  }

  private startTicking(): void {
    this.ticker ??= intervalTimer(() => this.update(), 1000);
  }

  private stopTicking(): void {
    this.ticker?.dispose();
    this.ticker = undefined;
  }
}
