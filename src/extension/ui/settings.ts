/**
 * The `clientCreds.*` settings read through VS Code: the {@link SettingsStore} that profiles use (writes go
 * to the user settings), the numeric settings, and the values the HTTP client is built from.
 */
import * as vscode from 'vscode';
import type { HttpSettingValues } from '../services/httpSettings';
import type { SettingsStore } from '../services/profileSettings';

/** The configuration section. */
export const SECTION = 'clientCreds';

/** `workspace.getConfiguration('clientCreds')` as a SettingsStore writing to the user (global) settings. */
export class ConfigurationStore implements SettingsStore {
  get<T>(key: string): T | undefined {
    return vscode.workspace.getConfiguration(SECTION).get<T>(key);
  }

  async update(key: string, value: unknown): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
  }
}

/** A non-negative numeric setting; the default when missing, negative or not a number. */
export function numberSetting(key: string, fallback: number): number {
  const value = vscode.workspace.getConfiguration(SECTION).get<unknown>(key);
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** `clientCreds.autoRefreshSeconds` (0 = off). */
export const autoRefreshSeconds = (): number => numberSetting('autoRefreshSeconds', 0);
/** `clientCreds.clipboardClearSeconds` (0 = off). */
export const clipboardClearSeconds = (): number => numberSetting('clipboardClearSeconds', 0);
/** `clientCreds.warningThresholdSeconds`. */
export const warningThresholdSeconds = (): number => numberSetting('warningThresholdSeconds', 60);

/** The raw values the HTTP options are built from, including VS Code's own `http.proxy`. */
export function httpSettingValues(): HttpSettingValues {
  const own = vscode.workspace.getConfiguration(SECTION);
  return {
    requestTimeoutMs: own.get<unknown>('requestTimeoutMs'),
    proxy: own.get<unknown>('proxy'),
    caCertificates: own.get<unknown>('caCertificates'),
    vscodeProxy: vscode.workspace.getConfiguration('http').get<unknown>('proxy'),
  };
}
