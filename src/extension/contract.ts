/**
 * Every command id the extension contributes, user-facing first, internal after.
 * The ids and titles are part of the extension contract (package.json `contributes.commands`).
 */
// biome-ignore lint/suspicious/noConstEnum: esbuild inlines const enums across the bundle and emits an object per file under tsx, so no import can miss
export const enum CommandId {
  GenerateKeyPair = 'clientCreds.generateKeyPair',
  ImportPrivateKey = 'clientCreds.importPrivateKey',
  ExportPublicKey = 'clientCreds.exportPublicKey',
  DeletePrivateKey = 'clientCreds.deletePrivateKey',
  NewProfile = 'clientCreds.newProfile',
  EditProfile = 'clientCreds.editProfile',
  SelectProfile = 'clientCreds.selectProfile',
  FetchToken = 'clientCreds.fetchToken',
  CopyBearer = 'clientCreds.copyBearer',
  SignAssertion = 'clientCreds.signAssertion',
  InspectClaims = 'clientCreds.inspectClaims',
  DecodeJwt = 'clientCreds.decodeJwt',
  ShowLog = 'clientCreds.showLog',
  // internal
  StatusBarMenu = 'clientCreds.statusBarMenu',
}
