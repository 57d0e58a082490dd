/** The services every command receives, built once in activate(). */
import type * as vscode from 'vscode';
import type { ActiveProfile } from './activeProfile';
import type { ClipboardClearer } from './clipboardClear';
import type { DpopKeys } from './dpopKeys';
import type { FreshTokens } from './freshToken';
import type { KeyHealth } from './keyHealth';
import type { KeyStore } from './keyStore';
import type { Log } from './log';
import type { ProfileSettings } from './profileSettings';
import type { SecretStore } from './secretStore';
import type { TokenConsent } from './tokenConsent';
import type { TokenService } from './tokenService';

/** Everything a command handler may use; no module-level state anywhere else. */
export interface Services {
  context: vscode.ExtensionContext;
  log: Log;
  secrets: SecretStore;
  /** Named private keys (registry in globalState, private halves in SecretStorage). */
  keys: KeyStore;
  /** The registry check of this window: lost keys, and keys another browser window stored unseen. */
  keyHealth: KeyHealth;
  profiles: ProfileSettings;
  tokens: TokenService;
  active: ActiveProfile;
  clipboard: ClipboardClearer;
  /** Tokens with more than 30 s left, for the hand-offs (tasks, launch configurations, MCP servers). */
  fresh: FreshTokens;
  /** Which profiles this workspace's tasks and launch configurations may use. */
  consent: TokenConsent;
  /** DPoP keys of profiles and this window's nonce cache (RFC 9449). */
  dpop: DpopKeys;
}
