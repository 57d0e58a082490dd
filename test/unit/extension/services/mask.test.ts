import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { ConfigError, OAuthError } from '../../../../src/core/errors';
import { Log } from '../../../../src/extension/services/log';
import { MASK, maskSecrets } from '../../../../src/extension/services/mask';
import { TestLogSink } from '../fakes';

const JWT =
  'eyJhbGciOiJQUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJjbGllbnQiLCJzdWIiOiJjbGllbnQiLCJleHAiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlLWJ5dGVzLWdvLWhlcmUtYW5kLWhlcmU';
const PRIVATE_PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const OPAQUE = 'Zk9xR2h3dVZ5Tmp3b0xCc2pQa1Z5cGd4SkR0cUxNaE5rVw';

describe('maskSecrets', () => {
  const cases: { name: string; input: string; hidden: string[]; kept?: string[] }[] = [
    {
      name: 'a JWT inside a sentence',
      input: `got ${JWT} from the server`,
      hidden: [JWT, 'eyJhbGci'],
      kept: ['got', 'from the server'],
    },
    {
      name: 'a JWT in a form body',
      input: `grant_type=client_credentials&client_assertion=${JWT}&scope=openid`,
      hidden: [JWT],
      kept: ['grant_type=client_credentials', 'scope=openid'],
    },
    {
      name: 'a PEM private key',
      input: `key:\n${PRIVATE_PEM}done`,
      hidden: ['BEGIN PRIVATE KEY', PRIVATE_PEM.split('\n')[1] ?? ''],
      kept: ['done'],
    },
    {
      name: 'a PEM block cut off before its end line',
      input: `-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49`,
      hidden: ['MIGHAgEAMBMGByqGSM49AgEGCCqGSM49'],
    },
    {
      name: 'an opaque token in JSON',
      input: `{"access_token":"abc.def","token_type":"Bearer"}`,
      hidden: ['abc.def'],
      kept: ['token_type'],
    },
    { name: 'a bearer header', input: 'Authorization: Bearer sk_live_short1', hidden: ['sk_live_short1'] },
    { name: 'a long base64url run', input: `d=${OPAQUE}`, hidden: [OPAQUE] },
    {
      name: 'a long hex run',
      input: `token ${'a1b2c3d4'.repeat(6)} end`,
      hidden: ['a1b2c3d4'.repeat(6)],
      kept: ['end'],
    },
    { name: 'a passphrase field', input: 'passphrase=hunter2hunter2', hidden: ['hunter2hunter2'] },
    {
      name: 'ordinary diagnostics stay readable',
      input:
        'POST https://login.jackhenry.com/a/oidc-provider/api/v0/token client 3f0c6b1e-9a43-4d7e-8f55-2b9b3d5a7c10 HTTP 401',
      hidden: [],
      kept: [
        'https://login.jackhenry.com/a/oidc-provider/api/v0/token',
        '3f0c6b1e-9a43-4d7e-8f55-2b9b3d5a7c10',
        'HTTP 401',
      ],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const out = maskSecrets(c.input);
      for (const h of c.hidden) assert.ok(!out.includes(h), `${JSON.stringify(h)} survived in ${JSON.stringify(out)}`);
      for (const k of c.kept ?? [])
        assert.ok(out.includes(k), `${JSON.stringify(k)} was lost from ${JSON.stringify(out)}`);
      if (c.hidden.length > 0) assert.match(out, /\[masked/);
    });
  }

  test('exact secrets are masked even when no pattern would catch them', () => {
    const short = 'tok_12345';
    assert.equal(maskSecrets(`value ${short} here`, [short]), `value ${MASK.value} here`);
  });

  test('very short exact secrets are ignored rather than masking ordinary words', () => {
    assert.equal(maskSecrets('the key is ok', ['ok']), 'the key is ok');
  });
});

describe('Log', () => {
  test('every level masks before writing', () => {
    const sink = new TestLogSink();
    const log = new Log(sink);
    log.trace(JWT);
    log.debug(JWT);
    log.info(JWT);
    log.warn(JWT);
    log.error(JWT);
    assert.equal(sink.lines.length, 5);
    for (const line of sink.lines) assert.ok(!line.includes(JWT) && line.includes(MASK.jwt), line);
  });

  test('addSecret masks an opaque token by value', () => {
    const sink = new TestLogSink();
    const log = new Log(sink);
    log.addSecret('opaque-42-abc');
    log.info('token opaque-42-abc received');
    assert.deepEqual(sink.lines, [`info token ${MASK.value} received`]);
  });

  test('errors are logged with code, hint and OAuth fields, masked', () => {
    const sink = new TestLogSink();
    const log = new Log(sink);
    log.error(
      'fetch failed',
      new OAuthError(401, 'invalid_client', `assertion ${JWT} rejected`, undefined, 'check the key'),
    );
    const [line = ''] = sink.lines;
    assert.match(line, /oauth_invalid_client/);
    assert.match(line, /hint: check the key/);
    assert.match(line, /status: 401/);
    assert.ok(!line.includes(JWT));
  });

  test('an error cause is described without losing the message', () => {
    const sink = new TestLogSink();
    new Log(sink).error(
      'x',
      new ConfigError('ca_unreadable', 'cannot read', undefined, {
        cause: Object.assign(new Error('no such file'), { code: 'ENOENT' }),
      }),
    );
    assert.match(sink.lines[0] ?? '', /cause: Error ENOENT: no such file/);
  });

  test('show reveals the channel', () => {
    const sink = new TestLogSink();
    new Log(sink).show();
    assert.equal(sink.shown, 1);
  });
});
