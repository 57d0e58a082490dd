/**
 * Checks a signed assertion, the key behind it and the request about to be sent against the rules of the profile's
 * server (presets.ts), so that what the server would refuse is said before anything leaves the machine: Jack Henry
 * takes ES256, PS256 and RS256 only and an `exp` at most five minutes ahead; Microsoft Entra ID wants PS256 or RS256,
 * a scope ending in `/.default` and the certificate's thumbprint in the header.
 */
import type { KeyObject } from 'node:crypto';
import type { LintFinding } from './assertion';
import { MILLISECONDS_THRESHOLD } from './assertion';
import { ConfigError } from './errors';
import { describeKey } from './keyDescription';
import { PRESETS, type PresetId, type ServerRules } from './presets';

/** What is about to be sent: the assertion's header and claims, the scope, and (when known) the signing key. */
export interface OutgoingRequest {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  scope?: string;
  key?: KeyObject;
  /** The server's clock as far as the client knows it (epoch milliseconds): local time plus the profile's skew. */
  nowMs?: number;
}

/** The rules of `preset`'s server, or undefined for presets without any (generic servers vary too much). */
export function rulesOf(preset: PresetId): ServerRules | undefined {
  return PRESETS[preset]?.rules;
}

/**
 * Every rule of `rules` that `out` breaks, as `error` findings (codes `server_alg`, `server_key`, `server_lifetime`,
 * `server_scope`, `server_certificate`), each saying what the server accepts. Never throws; an empty list when
 * nothing is broken.
 */
export function lintServerRules(rules: ServerRules, out: OutgoingRequest): LintFinding[] {
  const findings: LintFinding[] = [];
  const add = (code: string, message: string) => findings.push({ level: 'error', code, message });
  const { server } = rules;
  if (rules.algs) {
    const accepted = rules.algs.join(', ');
    const alg = String(out.header.alg);
    const keyAlgs = out.key ? describeKey(out.key).algs : undefined;
    if (keyAlgs && !keyAlgs.some((a) => rules.algs?.includes(a))) {
      add(
        'server_key',
        `${server} accepts ${accepted} only, and this ${describeKey(out.key as KeyObject).label} key can sign none of them`,
      );
    } else if (!rules.algs.includes(alg as never)) {
      const usable = keyAlgs ? rules.algs.filter((a) => keyAlgs.includes(a)) : [...rules.algs];
      add('server_alg', `${server} accepts ${accepted} only, not ${alg}; this key can use ${usable.join(' or ')}`);
    }
  }
  if (rules.maxLifetimeSeconds !== undefined && typeof out.payload.exp === 'number') {
    const exp = out.payload.exp;
    const expMs = exp > MILLISECONDS_THRESHOLD ? exp : exp * 1000;
    const ahead = Math.round((expMs - (out.nowMs ?? Date.now())) / 1000);
    if (ahead > rules.maxLifetimeSeconds) {
      add(
        'server_lifetime',
        `${server} refuses an exp more than ${rules.maxLifetimeSeconds} s ahead (this one: ${ahead} s)`,
      );
    }
  }
  if (rules.scope) {
    const values = (out.scope ?? '').split(/\s+/).filter((s) => s !== '');
    const { suffix, example } = rules.scope;
    if (values.length === 0) add('server_scope', `${server} needs a scope, such as ${example}`);
    else if (suffix && values.some((v) => !v.endsWith(suffix))) {
      add(
        'server_scope',
        `${server} needs each scope to end with ${suffix} (the client credentials grant), such as ${example}`,
      );
    }
  }
  if (rules.certificateThumbprint && out.header['x5t#S256'] === undefined && out.header.x5t === undefined) {
    add(
      'server_certificate',
      `${server} finds the key by its certificate's thumbprint, and the header has no x5t#S256 (nor x5t)`,
    );
  }
  return findings;
}

/** The hint for each finding code: the one change that fixes it. */
const FIXES: Readonly<Record<string, string>> = {
  server_key: 'generate a key the server accepts (CLI keygen --alg=PS256, or Generate Key Pair)',
  server_alg: 'choose one of those algorithms (profile alg, CLI --alg)',
  server_lifetime: 'shorten the assertion lifetime (profile lifetimeSeconds, CLI --lifetime)',
  server_scope: 'set the scope (profile scope, CLI --scope)',
  server_certificate:
    "give the key's certificate so the header carries x5t#S256 (a PEM bundle or PKCS#12 with the certificate: CLI --certificate, or Import Private Key in VS Code)",
};

/**
 * Refuses (ConfigError `server_rules`) to send what `preset`'s server would refuse: one message listing every broken
 * rule, a hint with the fix of each. Does nothing for presets without rules.
 */
export function assertServerRules(preset: PresetId, out: OutgoingRequest): void {
  const rules = rulesOf(preset);
  if (!rules) return;
  const findings = lintServerRules(rules, out);
  if (findings.length === 0) return;
  const fixes = [...new Set(findings.map((f) => FIXES[f.code]).filter((x): x is string => x !== undefined))];
  throw new ConfigError(
    'server_rules',
    `not sent: ${findings.map((f) => f.message).join('; ')}`,
    `${fixes.join('; ')}; for another server, choose another preset (CLI --preset)`,
  );
}
