import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  chooseProxy,
  httpOptionsFromSettings,
  readCaCertificates,
  requestTimeout,
  resolveCaPath,
} from '../../../../src/extension/services/httpSettings';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUX0\n-----END CERTIFICATE-----\n';
const dir = mkdtempSync(join(tmpdir(), 'client-creds-ca-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('HTTP options from settings', () => {
  const timeouts: [unknown, number][] = [
    [undefined, 30_000],
    ['5000', 30_000],
    [Number.NaN, 30_000],
    [5000, 5000],
    [10, 1000],
    [10_000_000, 300_000],
    [1500.6, 1501],
  ];
  for (const [value, expected] of timeouts) {
    test(`timeout ${String(value)} -> ${expected}`, () => assert.equal(requestTimeout(value), expected));
  }

  const proxies: [string, unknown, unknown, string | undefined][] = [
    ['own setting first', 'http://own:3128', 'http://vscode:8080', 'http://own:3128'],
    ['VS Code http.proxy when ours is empty', '', 'http://vscode:8080', 'http://vscode:8080'],
    ['whitespace counts as empty', '   ', 'https://vscode:8443', 'https://vscode:8443'],
    ['environment when both are empty', '', '', undefined],
    ['a non-string is ignored', 42, undefined, undefined],
    ['host:port without a scheme is http://, as curl reads it', 'proxy.corp:3128', '', 'http://proxy.corp:3128'],
    ['VS Code http.proxy without a scheme', '', '10.0.0.1:8080', 'http://10.0.0.1:8080'],
  ];
  for (const [name, own, vscode, expected] of proxies) {
    test(`proxy: ${name}`, () => assert.equal(chooseProxy(own, vscode)?.url, expected));
  }

  test('a proxy that is not an http(s) URL is refused, naming the setting but not the value', () => {
    assert.throws(
      () => chooseProxy('socks5://user:secret@proxy:1080', ''),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'invalid_proxy');
        assert.match(e.message, /clientCreds\.proxy/);
        assert.ok(!e.message.includes('secret'));
        return true;
      },
    );
    assert.throws(() => chooseProxy('', 'not a url'), /http\.proxy/);
  });

  test('CA files are read and must hold a certificate', async () => {
    const good = join(dir, 'ca.pem');
    const bad = join(dir, 'key.txt');
    writeFileSync(good, CERT);
    writeFileSync(bad, 'hello');
    assert.deepEqual(await readCaCertificates([good]), [CERT]);
    await assert.rejects(readCaCertificates([bad]), { code: 'ca_unreadable' });
    await assert.rejects(readCaCertificates([join(dir, 'missing.pem')]), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'ca_unreadable');
      assert.match(e.message, /ENOENT/);
      return true;
    });
    await assert.rejects(readCaCertificates(['relative/ca.pem']), { code: 'invalid_ca_path' });
    await assert.rejects(readCaCertificates('not a list'), { code: 'invalid_ca_path' });
    assert.deepEqual(await readCaCertificates(undefined), []);
    assert.deepEqual(await readCaCertificates(['', '  ']), []);
  });

  test('~/ expands to the home folder', () => {
    assert.equal(resolveCaPath('~/certs/ca.pem'), join(homedir(), 'certs/ca.pem'));
  });

  test('all together', async () => {
    const ca = join(dir, 'all.pem');
    writeFileSync(ca, CERT);
    assert.deepEqual(
      await httpOptionsFromSettings({
        requestTimeoutMs: 12_000,
        proxy: '',
        vscodeProxy: 'http://corp:3128',
        caCertificates: [ca],
      }),
      { timeoutMs: 12_000, useEnvProxy: true, proxy: 'http://corp:3128', ca: [CERT] },
    );
    assert.deepEqual(await httpOptionsFromSettings({}), { timeoutMs: 30_000, useEnvProxy: true });
  });
});
