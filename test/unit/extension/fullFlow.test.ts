// The extension's services end to end with fakes for VS Code (SecretStorage, settings, globalState, the log
// channel) and the real loopback authorization server: generate a named key before any profile exists, create the
// profile that signs with it, fetch a token, reopen in a "second window", sign an assertion, fail with a wrong key,
// import an encrypted key. Afterwards no key, passphrase, assertion or token may be in settings, globalState (which
// holds the key registry) or the log, while all of them are in SecretStorage (which shows the test looks for the
// right strings).
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createProfile } from '../../../src/core/profiles';
import { ContextKeys, StateKey } from '../../../src/extension/contract';
import { ActiveProfile } from '../../../src/extension/services/activeProfile';
import { statusText } from '../../../src/extension/services/expiry';
import { KeyStore } from '../../../src/extension/services/keyStore';
import { Log } from '../../../src/extension/services/log';
import { ProfileSettings } from '../../../src/extension/services/profileSettings';
import { SecretStore } from '../../../src/extension/services/secretStore';
import { TokenService } from '../../../src/extension/services/tokenService';
import { type AuthServer, jwksFromPublicKeyPem, startAuthServer } from '../../support/authServer';
import { Keychain, settle, TestLogSink, TestMemento, TestSecretStorage, TestSettings } from './fakes';

function window(keychain: Keychain, settings: TestSettings, globalState: TestMemento, sink: TestLogSink) {
  const log = new Log(sink);
  const secrets = new SecretStore(new TestSecretStorage(keychain));
  const profiles = new ProfileSettings(settings);
  const keys = new KeyStore({ secrets, state: globalState });
  const tokens = new TokenService({
    secrets,
    keys,
    profiles,
    log,
    httpOptions: async () => ({ timeoutMs: 10_000, useEnvProxy: false }),
  });
  const context = new Map<string, unknown>();
  const active = new ActiveProfile({
    profiles,
    keys,
    tokens,
    log,
    setContext: (key, value) => context.set(key, value),
  });
  return {
    log,
    secrets,
    profiles,
    keys,
    tokens,
    active,
    context,
    dispose: () => {
      active.dispose();
      tokens.dispose();
      keys.dispose();
      secrets.dispose();
    },
  };
}

describe('the extension services, whole flow, with fakes and a real authorization server', () => {
  let server: AuthServer;
  const keychain = new Keychain();
  const settings = new TestSettings();
  const globalState = new TestMemento();
  const sink = new TestLogSink();
  const secretsSeen: { what: string; value: string }[] = [];
  const stateSnapshots: string[] = [];
  const snapshot = () => stateSnapshots.push(JSON.stringify([...globalState.values]));

  before(async () => {
    server = await startAuthServer();
  });
  after(async () => {
    await server?.close();
  });

  test('generate → profile → fetch → reload → sign → wrong key → import, and nothing secret leaks', async () => {
    const w1 = window(keychain, settings, globalState, sink);
    try {
      // A key before any profile: a named key of its own, registered in globalState (name and thumbprint only).
      const generated = await w1.keys.generate('bank-key', { alg: 'PS256' });
      await w1.active.refresh();
      snapshot();
      assert.equal(w1.context.get(ContextKeys.hasKey), true);
      assert.equal(w1.context.get(ContextKeys.hasProfile), false);
      assert.deepEqual(
        w1.keys.list().map((r) => [r.name, r.thumbprint]),
        [['bank-key', generated.thumbprint]],
      );
      secretsSeen.push({
        what: 'generated private key',
        value: pemBody(await w1.secrets.getPrivateKeyPem('bank-key')),
      });

      // The admin registers the public key; the profile created next signs with the key by its name.
      await server.registerClient({
        clientId: 'bank-client',
        jwks: jwksFromPublicKeyPem(generated.publicKeyPem),
        institutionId: 'inst-1',
      });
      const profile = createProfile('jack-henry', {
        name: 'bank',
        clientId: 'bank-client',
        tokenUrl: server.tokenUrl,
        key: 'bank-key',
      });
      await w1.profiles.save(profile);
      await w1.profiles.setActive('bank');
      await w1.active.refresh();
      snapshot();
      assert.equal(globalState.values.has(StateKey.keyAwaitingProfile), false);
      assert.equal(w1.active.snapshot.profileKey, 'bank-key');
      assert.equal(w1.context.get(ContextKeys.hasProfile), true);
      assert.equal(w1.context.get(ContextKeys.hasKey), true);
      assert.equal(w1.context.get(ContextKeys.hasToken), false);

      // Fetch: the steps arrive in the helper's order, the token is cached in memory and in SecretStorage.
      const steps: string[] = [];
      const outcome = await w1.tokens.fetch('bank', { step: (e) => steps.push(e.step) });
      assert.deepEqual(steps, ['payload', 'sign', 'request', 'response']);
      assert.equal(outcome.persisted, true);
      assert.equal(outcome.token.tokenType.toLowerCase(), 'bearer');
      assert.ok(outcome.token.expiresAt && outcome.token.expiresAt > Date.now());
      secretsSeen.push({ what: 'access token', value: outcome.token.accessToken });
      await w1.active.refresh();
      await settle();
      assert.equal(w1.context.get(ContextKeys.hasToken), true);
      assert.match(statusText('bank', outcome.token, Date.now()), /^\$\(key\) bank \d+:\d\d$/);
      const assertionRequest = server.requests.filter((r) => r.body?.includes('client_assertion=')).at(-1);
      const assertion = new URLSearchParams(assertionRequest?.body ?? '').get('client_assertion') ?? '';
      assert.ok(assertion.startsWith('eyJ'), 'the server saw no assertion');
      secretsSeen.push({ what: 'client assertion', value: assertion });

      // A reload (a second window over the same keychain) finds the same token and its expiry.
      const w2 = window(keychain, settings, globalState, sink);
      try {
        await w2.active.refresh();
        assert.deepEqual(w2.tokens.current('bank'), outcome.token);
        assert.equal(w2.context.get(ContextKeys.hasToken), true);
        // A token fetched in one window reaches the other through SecretStorage's change event.
        const second = await w1.tokens.fetch('bank');
        secretsSeen.push({ what: 'second access token', value: second.token.accessToken });
        await settle();
        await settle();
        assert.equal(w2.tokens.current('bank')?.accessToken, second.token.accessToken);
      } finally {
        w2.dispose();
      }

      // Sign only: a fresh assertion and its lint, nothing sent.
      const before = server.requests.length;
      const signed = await w1.tokens.signOnly('bank');
      assert.equal(server.requests.length, before);
      assert.equal(signed.assertion.payload.iss, 'bank-client');
      assert.ok(Array.isArray(signed.lint));
      secretsSeen.push({ what: 'signed-only assertion', value: signed.assertion.jwt });

      // A key the server does not know: invalid_client, logged with its explanation.
      await w1.keys.generate('wrong', { alg: 'ES256' });
      secretsSeen.push({ what: 'second private key', value: pemBody(await w1.secrets.getPrivateKeyPem('wrong')) });
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      await server.registerClient({
        clientId: 'wrong-client',
        jwks: jwksFromPublicKeyPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
      });
      await w1.profiles.save(
        createProfile('jack-henry', {
          name: 'wrong',
          clientId: 'wrong-client',
          tokenUrl: server.tokenUrl,
          alg: 'ES256',
          key: 'wrong',
        }),
      );
      const failure = await w1.tokens.fetch('wrong').then(
        () => assert.fail('the server accepted an unregistered key'),
        (e: unknown) => e,
      );
      assert.equal((failure as { code?: string }).code, 'oauth_invalid_client');
      w1.log.error('Fetch Token failed', failure);
      assert.ok(sink.lines.some((l) => l.startsWith('error') && l.includes('invalid_client')));

      // Import an encrypted PKCS#8 with its passphrase: stored unencrypted in SecretStorage only.
      const passphrase = 'correct horse battery staple';
      const encrypted = generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })
        .toString();
      await assert.rejects(w1.keys.read(encrypted), { code: 'key_passphrase_required' });
      await assert.rejects(w1.keys.read(encrypted, 'wrong'), { code: 'key_bad_passphrase' });
      const imported = await w1.keys.add('imported', await w1.keys.read(encrypted, passphrase));
      assert.equal(imported.description.label, 'RSA 2048-bit');
      const storedImported = (await w1.secrets.getPrivateKeyPem('imported')) ?? '';
      assert.match(storedImported, /^-----BEGIN PRIVATE KEY-----/);
      secretsSeen.push({ what: 'imported private key', value: pemBody(storedImported) });
      secretsSeen.push({ what: 'passphrase', value: passphrase });
      snapshot();
    } finally {
      w1.dispose();
    }

    // The secrets are where they belong, which proves the search strings are real…
    const keychainText = [...keychain.values.values()].join('\n');
    const kept = ['generated private key', 'second access token', 'second private key', 'imported private key'];
    for (const { what, value } of secretsSeen.filter((s) => kept.includes(s.what))) {
      assert.ok(keychainText.includes(value), `${what} is not in SecretStorage`);
    }
    // …and nowhere else.
    const elsewhere = [
      { where: 'settings', text: JSON.stringify([...settings.values]) },
      { where: 'globalState', text: stateSnapshots.join('\n') + JSON.stringify([...globalState.values]) },
      { where: 'log', text: sink.lines.join('\n') },
    ];
    assert.ok(settings.values.size > 0 && sink.lines.length > 5, 'nothing was written: the check would prove nothing');
    for (const { where, text } of elsewhere) {
      for (const { what, value } of secretsSeen) assert.ok(!text.includes(value), `${what} found in ${where}`);
      assert.doesNotMatch(text, /-----BEGIN [A-Z ]*PRIVATE KEY-----/, `a PEM private key in ${where}`);
      assert.doesNotMatch(text, /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{16,}/, `a JWT in ${where}`);
    }
  });
});

/** The base64 body of a PEM (what would identify it anywhere), one line long enough to be unique. */
function pemBody(pem: string | undefined): string {
  const line = pem?.split('\n')[2];
  assert.ok(line && line.length >= 40, 'no PEM body');
  return line;
}
