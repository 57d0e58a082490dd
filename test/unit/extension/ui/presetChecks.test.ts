// The New Profile preset questions accept exactly what core accepts: Jack Henry hosts (or a full token URL), Entra ID
// tenants and client credentials scopes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  entraScopeProblem,
  entraTenantProblem,
  jackHenryEndpoint,
  jackHenryEndpointProblem,
} from '../../../../src/extension/ui/presetChecks';

describe('Jack Henry host or URL', () => {
  const cases: [string, string | undefined][] = [
    ['login.jackhenry.com', 'https://login.jackhenry.com/a/oidc-provider/api/v0/token'],
    ['banno.com', 'https://banno.com/a/oidc-provider/api/v0/token'],
    ['digital.example-bank.com', 'https://digital.example-bank.com/a/oidc-provider/api/v0/token'],
    ['http://127.0.0.1:4455/a/oidc-provider/api/v0/token', 'http://127.0.0.1:4455/a/oidc-provider/api/v0/token'],
    ['https://sandbox.example/a/oidc-provider/api/v0/token', 'https://sandbox.example/a/oidc-provider/api/v0/token'],
    ['http://bank.example/token', undefined],
    ['bank.example/token', undefined],
    ['', undefined],
    ['two words', undefined],
  ];
  for (const [text, url] of cases) {
    test(JSON.stringify(text), () => {
      const problem = jackHenryEndpointProblem(text);
      if (url === undefined) assert.ok(problem, 'refused');
      else {
        assert.equal(problem, undefined);
        assert.equal(jackHenryEndpoint(text), url);
      }
    });
  }
});

describe('Entra ID tenant and scope', () => {
  const tenants: [string, RegExp | undefined][] = [
    ['72f988bf-86f1-41af-91ab-2d7cd011db47', undefined],
    ['contoso.onmicrosoft.com', undefined],
    ['common', /"common" is not a tenant/],
    ['Organizations', /"organizations" is not a tenant/],
    ['contoso', /Directory \(tenant\) ID/],
  ];
  for (const [text, problem] of tenants) {
    test(`tenant ${text}`, () => {
      const found = entraTenantProblem(text);
      if (problem === undefined) assert.equal(found, undefined);
      else assert.match(found ?? '', problem);
    });
  }
  const scopes: [string, boolean][] = [
    ['https://graph.microsoft.com/.default', true],
    ['api://my-api/.default', true],
    ['api://a/.default api://b/.default', true],
    ['User.Read', false],
    ['', false],
    ['https://graph.microsoft.com/.default User.Read', false],
  ];
  for (const [text, ok] of scopes) {
    test(`scope ${JSON.stringify(text)}`, () => assert.equal(entraScopeProblem(text) === undefined, ok));
  }
});
