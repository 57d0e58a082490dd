/**
 * Activation: constructs the services and registers the commands, nothing else. No network, no key
 * material and no signing code is touched here; the core flow, undici and jose load on first use.
 */
import * as vscode from 'vscode';
import { registerClaimsPanelSerializer } from './claims/serializer';
import { fetchWithProgress } from './commands/fetchToken';
import { registerCommands } from './commands/registerCommands';
import { LOG_CHANNEL_NAME, SettingKey, settingName } from './contract';
import { fetchForHandoff } from './handoff/fetching';
import { registerHandoffs } from './handoff/registerHandoffs';
import { ActiveProfile } from './services/activeProfile';
import { AutoRefresh } from './services/autoRefresh';
import { ClipboardClearer } from './services/clipboardClear';
import { DpopKeys } from './services/dpopKeys';
import { FreshTokens } from './services/freshToken';
import { httpOptionsFromSettings } from './services/httpSettings';
import { KeyHealth } from './services/keyHealth';
import { migrateLegacyKeys } from './services/keyMigration';
import { KeyStore } from './services/keyStore';
import { Log } from './services/log';
import { ProfileSettings } from './services/profileSettings';
import { SecretStore } from './services/secretStore';
import type { Services } from './services/services';
import { SharedHttpClient } from './services/sharedHttpClient';
import { TokenConsent } from './services/tokenConsent';
import { TokenService } from './services/tokenService';
import { registerJwtHover } from './ui/hover';
import { reportMissingKeys, showWebSecretsNoticeOnce } from './ui/keyHealthMessages';
import {
  autoRefreshSeconds,
  ConfigurationStore,
  clipboardClearSeconds,
  httpSettingValues,
  warningThresholdSeconds,
} from './ui/settings';
import { ExpiryStatusItem } from './ui/statusBar';

/** Wires the extension; every disposable goes to `context.subscriptions`. */
export function activate(context: vscode.ExtensionContext): void {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  const log = new Log(channel);
  const secrets = new SecretStore(context.secrets);
  const profiles = new ProfileSettings(new ConfigurationStore());
  const keys = new KeyStore({ secrets, state: context.globalState });
  const keyHealth = new KeyHealth({
    keys,
    secrets,
    isWebHost: vscode.env.uiKind === vscode.UIKind.Web,
    windowStartedAt: Date.now(),
  });
  const httpOptions = () => httpOptionsFromSettings(httpSettingValues());
  const dpop = new DpopKeys(context.secrets);
  const tokens = new TokenService({ secrets, keys, profiles, log, httpOptions, dpop });
  const active = new ActiveProfile({
    profiles,
    keys,
    tokens,
    log,
    setContext: (key, value) => vscode.commands.executeCommand('setContext', key, value),
  });
  const clipboard = new ClipboardClearer(vscode.env.clipboard);
  const status = new ExpiryStatusItem(active, tokens, warningThresholdSeconds);
  const sharedHttp = new SharedHttpClient(httpOptions);
  const fresh = new FreshTokens({
    current: (name) => tokens.current(name),
    reload: (name) => tokens.reload(name),
    fetch: (name) => fetchForHandoff(services, name, false),
  });
  const consent = new TokenConsent(context.workspaceState);
  const services: Services = {
    context,
    log,
    secrets,
    keys,
    keyHealth,
    profiles,
    tokens,
    active,
    clipboard,
    fresh,
    consent,
    dpop,
  };
  const autoRefresh = new AutoRefresh({
    activeProfile: () => profiles.activeName(),
    current: (name) => tokens.current(name),
    reload: (name) => tokens.reload(name),
    seconds: autoRefreshSeconds,
    isTrusted: () => vscode.workspace.isTrusted,
    refresh: async (name) => {
      await fetchWithProgress(services, name, true);
    },
    onFailure: (name, error) => {
      const showLogLabel = vscode.l10n.t('Show Log');
      void vscode.window
        .showWarningMessage(
          vscode.l10n.t(
            'Auto-refresh of the token for "{0}" failed: {1}',
            name,
            log.mask(error instanceof Error ? error.message : String(error)),
          ),
          showLogLabel,
        )
        .then((c) => (c === showLogLabel ? log.show() : undefined));
    },
    log,
  });
  const claimsDeps = {
    getCurrentToken: async () => {
      const name = profiles.activeName();
      const token = name === undefined ? undefined : await tokens.latest(name);
      if (name === undefined || token === undefined) return undefined;
      return {
        token: token.accessToken,
        profileName: name,
        jwksUri: token.jwksUri,
        obtainedAt: token.obtainedAt,
        expiresAt: token.expiresAt,
        ...(token.dpop ? { dpop: { keyThumbprint: await dpop.thumbprint(name).catch(() => undefined) } } : {}),
      };
    },
    http: () => sharedHttp.get(),
    log,
    // The panel's Copy honours clientCreds.clipboardClearSeconds like Copy Bearer Token does.
    copy: (token: string) => clipboard.copy(token, clipboardClearSeconds()),
  };

  context.subscriptions.push(
    channel,
    secrets,
    keys,
    tokens,
    active,
    clipboard,
    status,
    sharedHttp,
    autoRefresh,
    tokens.onDidChange(() => autoRefresh.reschedule()),
    active.onDidChange(() => autoRefresh.reschedule()),
    // A refresh skipped for lack of trust waits for it; granting trust schedules it again.
    vscode.workspace.onDidGrantWorkspaceTrust(() => autoRefresh.reschedule()),
    // Another window may have fetched a token or lost a key meanwhile: look again when this one gains focus.
    vscode.window.onDidChangeWindowState((state) => {
      if (!state.focused) return;
      const name = profiles.activeName();
      if (name !== undefined) void tokens.latest(name);
      void reportMissingKeys(services);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      const affects = (key: (typeof SettingKey)[keyof typeof SettingKey]) => e.affectsConfiguration(settingName(key));
      if (affects(SettingKey.profiles) || affects(SettingKey.activeProfile)) void active.refresh();
      if (affects(SettingKey.warningThresholdSeconds)) status.update();
      if (affects(SettingKey.autoRefreshSeconds)) autoRefresh.reschedule();
      if (
        affects(SettingKey.proxy) ||
        affects(SettingKey.caCertificates) ||
        affects(SettingKey.requestTimeoutMs) ||
        e.affectsConfiguration('http.proxy')
      ) {
        sharedHttp.reset();
      }
    }),
    ...registerCommands(services, claimsDeps),
    ...registerHandoffs(services),
  );
  registerJwtHover(context);
  registerClaimsPanelSerializer(context, claimsDeps);
  void active.refresh().then(
    () => status.update(),
    (e: unknown) => log.error('could not read the profile state', e),
  );
  // After start-up, off the activation path: keys from before named keys get records, then the registry check.
  void migrateLegacyKeys({ secrets, keys, profiles, state: context.globalState, log })
    .catch((e: unknown) => log.error('could not migrate the stored keys to named keys', e))
    .then(() => active.refresh())
    .then(async () => {
      await reportMissingKeys(services);
      showWebSecretsNoticeOnce(services);
    })
    .catch((e: unknown) => log.error('could not check the stored keys', e));
}

/** Nothing to do: every resource is owned by `context.subscriptions`. */
export function deactivate(): void {}
