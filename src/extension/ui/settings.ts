/**
 * The `clientCreds.*` settings read through VS Code: the {@link SettingsStore} that profiles use (writes go
 * to the user settings), the numeric settings, and the values the HTTP client is built from.
 */
import * as vscode from 'vscode';
import { SETTINGS_SECTION, SettingKey } from '../contract';
import type { HttpSettingValues } from '../services/httpSettings';
import type { SettingsStore } from '../services/profileSettings';

type NumberSettingKey = (typeof SettingKey)['autoRefreshSeconds' | 'clipboardClearSeconds' | 'warningThresholdSeconds'];

/** `workspace.getConfiguration('clientCreds')` as a SettingsStore writing to the user (global) settings. */
export class ConfigurationStore implements SettingsStore {
  get<T>(key: string): T | undefined {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<T>(key);
  }

  async update(key: string, value: unknown): Promise<void> {
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(key, value, vscode.ConfigurationTarget.Global);
  }

  userValue<T>(key: string): T | undefined {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<T>(key)?.globalValue;
  }
}

/** A non-negative numeric setting; the default when missing, negative or not a number. */
export function numberSetting(key: NumberSettingKey, fallback: number): number {
  const value = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>(key);
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** `clientCreds.autoRefreshSeconds` (0 = off). */
export const autoRefreshSeconds = (): number => numberSetting(SettingKey.autoRefreshSeconds, 0);
/** `clientCreds.clipboardClearSeconds` (0 = off). */
export const clipboardClearSeconds = (): number => numberSetting(SettingKey.clipboardClearSeconds, 0);
/** `clientCreds.warningThresholdSeconds`. */
export const warningThresholdSeconds = (): number => numberSetting(SettingKey.warningThresholdSeconds, 60);

/** The raw values the HTTP options are built from, including VS Code's own `http.proxy`. */
export function httpSettingValues(): HttpSettingValues {
  const own = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return {
    requestTimeoutMs: own.get<unknown>(SettingKey.requestTimeoutMs),
    proxy: own.get<unknown>(SettingKey.proxy),
    caCertificates: own.get<unknown>(SettingKey.caCertificates),
    vscodeProxy: vscode.workspace.getConfiguration('http').get<unknown>('proxy'),
  };
}
