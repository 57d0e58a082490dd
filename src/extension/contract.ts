/**
 * The extension's contract: every id that package.json (or VS Code's storage) also names. A rename here is a
 * breaking change for users' keybindings, `when` clauses, settings and stored secrets, so each id lives once, here.
 * Nothing else in src/ writes a `clientCreds.` literal.
 */

/** Command ids (package.json `contributes.commands`), user-facing first, internal after. */
export const CommandId = {
  GenerateKeyPair: 'clientCreds.generateKeyPair',
  ImportPrivateKey: 'clientCreds.importPrivateKey',
  ExportPublicKey: 'clientCreds.exportPublicKey',
  DeletePrivateKey: 'clientCreds.deletePrivateKey',
  NewProfile: 'clientCreds.newProfile',
  EditProfile: 'clientCreds.editProfile',
  SelectProfile: 'clientCreds.selectProfile',
  FetchToken: 'clientCreds.fetchToken',
  CopyBearer: 'clientCreds.copyBearer',
  SignAssertion: 'clientCreds.signAssertion',
  InspectClaims: 'clientCreds.inspectClaims',
  DecodeJwt: 'clientCreds.decodeJwt',
  ShowLog: 'clientCreds.showLog',
  RevokeTaskTokenAccess: 'clientCreds.revokeTaskTokenAccess',
  BackUpPrivateKey: 'clientCreds.backUpPrivateKey',
  ManageKeys: 'clientCreds.manageKeys',
  GenerateNextKey: 'clientCreds.generateNextKey',
  CheckPublishedJwks: 'clientCreds.checkPublishedJwks',
  PromoteNextKey: 'clientCreds.promoteNextKey',
  RetireOldKey: 'clientCreds.retireOldKey',
  // internal
  DpopProof: 'clientCreds.dpopProof',
  StatusBarMenu: 'clientCreds.statusBarMenu',
  // for tasks, launch configurations and other extensions (hidden from the palette)
  AccessToken: 'clientCreds.accessToken',
  AuthorizationHeader: 'clientCreds.authorizationHeader',
} as const;
/** One command id. */
export type CommandId = (typeof CommandId)[keyof typeof CommandId];

/** Context keys set with `setContext` and read by package.json `when` clauses. */
export const ContextKeys = {
  hasProfile: 'clientCreds.hasProfile',
  hasKey: 'clientCreds.hasKey',
  hasToken: 'clientCreds.hasToken',
  profileCount: 'clientCreds.profileCount',
  /** At least one key has a backup file written by Back Up Private Key. */
  hasBackup: 'clientCreds.hasBackup',
  /** A public key was copied or saved in this window (the walkthrough's "hand it to your admin" step). */
  publicKeyShared: 'clientCreds.publicKeyShared',
  /** The active profile's key rotation: none, single, next-pending, promoted (services/activeProfile.ts). */
  rotationPhase: 'clientCreds.rotationPhase',
  /** The active profile has a client JWKS URI. */
  hasClientJwksUri: 'clientCreds.hasClientJwksUri',
  /** Check Published JWKS found every key of the active profile's set published (this window). */
  jwksChecked: 'clientCreds.jwksChecked',
  /** Retire Old Key retired a key (this window): the rotation walkthrough's last step. */
  keyRetired: 'clientCreds.keyRetired',
} as const;

/** The configuration section: every setting is `clientCreds.<key>`. */
export const SETTINGS_SECTION = 'clientCreds';

/** Setting keys under {@link SETTINGS_SECTION} (package.json `contributes.configuration`). */
export const SettingKey = {
  profiles: 'profiles',
  activeProfile: 'activeProfile',
  autoRefreshSeconds: 'autoRefreshSeconds',
  clipboardClearSeconds: 'clipboardClearSeconds',
  warningThresholdSeconds: 'warningThresholdSeconds',
  requestTimeoutMs: 'requestTimeoutMs',
  proxy: 'proxy',
  caCertificates: 'caCertificates',
  terminalEnvironment: 'terminalEnvironment',
  mcpServers: 'mcpServers',
} as const;

/** `clientCreds.<key>`, the full name of a setting as users see it. */
export function settingName(key: (typeof SettingKey)[keyof typeof SettingKey]): string {
  return `${SETTINGS_SECTION}.${key}`;
}

/** Webview view types (package.json `activationEvents` `onWebviewPanel:`). */
export const ViewType = {
  claims: 'clientCreds.claims',
} as const;

/** Prefixes of the SecretStorage entries: the rest is the key name (private keys) or the profile name (tokens). */
export const SecretPrefix = {
  privateKey: 'clientCreds.privateKey:',
  token: 'clientCreds.token:',
  /** The profile's DPoP key (RFC 9449), PKCS#8 PEM, generated on first use. */
  dpopKey: 'clientCreds.dpopKey:',
  /** The certificate chain of the key of that name (PEM, the key's own certificate first). */
  certificate: 'clientCreds.certificate:',
} as const;

/** globalState and workspaceState keys (non-secret memory across sessions). */
export const StateKey = {
  /** Before named keys: a key stored before its profile existed. Read once, by the key migration. */
  keyAwaitingProfile: 'clientCreds.keyAwaitingProfile',
  lastKeyChoice: 'clientCreds.lastKeyChoice',
  /** workspaceState: the profiles whose token this workspace's tasks and launch configurations may use. */
  taskTokenConsent: 'clientCreds.taskTokenConsent',
  /** The key registry: names, thumbprints and dates of the stored keys, never key material (services/keyRegistry.ts). */
  keys: 'clientCreds.keys',
  /** Set once the browser-hosted editor notice about secrets between windows was shown. */
  webSecretsNoticeShown: 'clientCreds.webSecretsNoticeShown',
} as const;

/**
 * The authentication provider (package.json `contributes.authentication`): other extensions call
 * `vscode.authentication.getSession('client-creds', …)`. Public API: never renamed.
 */
export const AuthProvider = {
  id: 'client-creds',
  label: 'Client Creds',
} as const;

/** The MCP server definition provider (package.json `contributes.mcpServerDefinitionProviders`). */
export const McpProvider = {
  id: 'clientCreds.mcpServers',
  label: 'Client Creds',
} as const;

/** The status bar item's id (users can hide it by this id). */
export const STATUS_ITEM_ID = 'clientCreds.status';

/** The name of the log output channel. */
export const LOG_CHANNEL_NAME = 'Client Creds';
