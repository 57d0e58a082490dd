// One extension window's services as activate() wires them, over the fakes of fakes.ts instead of VS Code: the
// secret store on a fake keychain, named keys on a fake globalState, profiles on fake settings, the log on a sink,
// and the token service (with DPoP keys when asked). Tests that need a window take it from here.
import { DpopKeys } from '../../../src/extension/services/dpopKeys';
import { KeyStore } from '../../../src/extension/services/keyStore';
import { Log } from '../../../src/extension/services/log';
import { ProfileSettings } from '../../../src/extension/services/profileSettings';
import { SecretStore } from '../../../src/extension/services/secretStore';
import { TokenService } from '../../../src/extension/services/tokenService';
import { Keychain, TestLogSink, TestMemento, TestSecretStorage, TestSettings } from './fakes';

/** Options of {@link extensionWindow}. */
export interface WindowOptions {
  /** The HTTP timeout of the token service, in milliseconds (default 10,000). */
  timeoutMs?: number;
  /** Give the token service DPoP keys (RFC 9449), kept in the same fake secret storage. */
  dpop?: boolean;
  /** Share a keychain with another window (default: a keychain of its own). */
  keychain?: Keychain;
}

/** A window's services over fakes; see the module comment. */
export function extensionWindow(opts: WindowOptions = {}) {
  const keychain = opts.keychain ?? new Keychain();
  const storage = new TestSecretStorage(keychain);
  const sink = new TestLogSink();
  const log = new Log(sink);
  const secrets = new SecretStore(storage);
  const settings = new TestSettings();
  const profiles = new ProfileSettings(settings);
  const keys = new KeyStore({ secrets, state: new TestMemento() });
  const dpop = opts.dpop ? new DpopKeys(storage) : undefined;
  const tokens = new TokenService({
    secrets,
    keys,
    profiles,
    log,
    ...(dpop ? { dpop } : {}),
    httpOptions: async () => ({ useEnvProxy: false, timeoutMs: opts.timeoutMs ?? 10_000 }),
  });
  return { keychain, storage, sink, log, secrets, settings, profiles, keys, dpop, tokens };
}
