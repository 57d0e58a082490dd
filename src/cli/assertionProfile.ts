/**
 * Builds the core Profile for `client-assertion` and `sign-jwt` from their flags: the preset (jack-henry unless
 * --issuer or --preset says otherwise), then each flag that was given. The rules themselves (defaults, validation)
 * are core's; this module only maps flags onto them and reports problems as usage errors.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import type { SigningAlg } from '../core/algorithms';
import { parseSigningAlg } from '../core/algorithms';
import type { X5tChoice } from '../core/certificate';
import { isClientCredsError } from '../core/errors';
import type { HttpClient } from '../core/http';
import { createHttpClient } from '../core/http';
import { describeKey } from '../core/keyDescription';
import { jwkThumbprint } from '../core/keyExport';
import { defaultAlgFor } from '../core/keyInput';
import { entraTokenUrl, isPresetId } from '../core/presets';
import type { PresetId, Profile } from '../core/profiles';
import { createProfile, PRESETS, parseAudience, parseClockSkew } from '../core/profiles';
import { parseExtraParam, RESOURCE_PARAM } from '../core/requestParams';
import type { CommandSpec, ParsedArgs } from './args';
import {
  asUsage,
  booleanFlag,
  integerFlag,
  listFlag,
  requireFlag,
  stringFlag,
  switchFlag,
  UsageError,
  usageHint,
} from './args';
import { problemsAsFlags } from './flagNames';
import { httpOptionsFrom } from './httpOptions';
import { loadCertificates, loadPrivateKey } from './keyFile';
import type { CliIo } from './terminal';

/** Everything the two assertion commands need before they start signing. */
export interface AssertionSetup {
  readonly profile: Profile;
  readonly key: KeyObject;
  readonly keyLabel: string;
  /** Created (not connected) before the key is read, so a bad --proxy is a usage error; the caller closes it. */
  readonly http: HttpClient;
  readonly privateKeyPath: string;
  /** The key's own certificate (from the key file or --certificate), already matched to the key. */
  readonly certificate?: X509Certificate;
  /** What the user should know about the key input (never key text). */
  readonly notes: readonly string[];
}

/** The `kid` value that asks for the key's RFC 7638 thumbprint. */
export const KID_THUMBPRINT = 'thumbprint';

/**
 * The preset: --preset when given, else generic when --issuer is given, entra-id when --tenant is, else jack-henry
 * (the helper's behaviour).
 */
export function presetFrom(args: ParsedArgs): PresetId {
  const preset = stringFlag(args, 'preset');
  if (isPresetId(preset)) return preset;
  if (stringFlag(args, 'issuer') !== undefined) return 'generic';
  return stringFlag(args, 'tenant') !== undefined ? 'entra-id' : 'jack-henry';
}

/** The token URL from --tenant (Microsoft Entra ID), refusing it beside --token-url or with another preset. */
function tenantTokenUrl(args: ParsedArgs, preset: PresetId): string | undefined {
  const tenant = stringFlag(args, 'tenant');
  if (tenant === undefined) return undefined;
  if (preset !== 'entra-id') {
    throw new UsageError(
      'flag_bad_value',
      `--tenant applies to --preset=entra-id, not ${preset}`,
      'leave --tenant out',
    );
  }
  if (stringFlag(args, 'token-url') !== undefined) {
    throw new UsageError('flag_bad_value', '--tenant and --token-url both name the token URL', 'give one of them');
  }
  return asUsage(() => entraTokenUrl(tenant), problemsAsFlags);
}

/** The extra form parameters from --param (repeatable) and --resource; a name given twice is a usage error. */
export function extraParamsFrom(args: ParsedArgs): Record<string, string> | undefined {
  const pairs = listFlag(args, 'param').map((text) =>
    asUsage(
      () => parseExtraParam(text),
      (m) => `--param: ${m}`,
    ),
  );
  const resource = stringFlag(args, 'resource');
  if (resource !== undefined) pairs.push([RESOURCE_PARAM, resource]);
  if (pairs.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const [name, value] of pairs) {
    if (Object.hasOwn(out, name)) {
      throw new UsageError(
        'flag_repeated',
        `the form parameter "${name}" is given twice (--param or --resource)`,
        'give each parameter once',
      );
    }
    out[name] = value;
  }
  return out;
}

/** The profile fields the flags set, leaving out what was not given so that the preset's defaults stand. */
export function profileFieldsFrom(args: ParsedArgs, clientId: string, alg: SigningAlg | undefined): Partial<Profile> {
  const fields: Partial<Profile> = { name: 'cli', clientId };
  const fromTenant = tenantTokenUrl(args, presetFrom(args));
  const tokenUrl = stringFlag(args, 'token-url') ?? fromTenant;
  if (tokenUrl !== undefined) fields.tokenUrl = tokenUrl;
  const issuer = stringFlag(args, 'issuer');
  if (issuer !== undefined) fields.issuer = issuer;
  const scope = stringFlag(args, 'scope');
  if (scope !== undefined) fields.scope = scope;
  const audience = stringFlag(args, 'audience');
  if (audience !== undefined) fields.audience = asUsage(() => parseAudience(audience));
  const expUnit = stringFlag(args, 'exp-unit');
  if (expUnit === 'seconds' || expUnit === 'milliseconds') fields.expUnit = expUnit;
  const lifetime = integerFlag(args, 'lifetime');
  if (lifetime !== undefined) fields.lifetimeSeconds = lifetime;
  if (alg !== undefined) fields.alg = alg;
  const kid = stringFlag(args, 'kid');
  if (kid !== undefined && kid !== KID_THUMBPRINT) fields.kid = kid;
  if (booleanFlag(args, 'typ')) fields.typ = true;
  const certificate = stringFlag(args, 'certificate');
  if (certificate !== undefined) fields.certificate = certificate;
  const x5t = stringFlag(args, 'x5t');
  if (x5t !== undefined) fields.x5t = x5t as X5tChoice;
  const sendClientId = switchFlag(args, 'send-client-id');
  if (sendClientId !== undefined) fields.sendClientId = sendClientId;
  const extraParams = extraParamsFrom(args);
  if (extraParams) fields.extraParams = extraParams;
  const clockSkew = stringFlag(args, 'clock-skew');
  if (clockSkew !== undefined) fields.clockSkewSeconds = asUsage(() => parseClockSkew(clockSkew), problemsAsFlags);
  return fields;
}

/**
 * The hint for core's profile problems: what to do about the first kind of problem the message names. A missing
 * token URL depends on the preset; plain http to a remote host needs https; anything else points at the command's
 * own help, which lists the accepted values.
 */
export function profileHint(message: string, preset: PresetId, command: string): string {
  if (/one is required/.test(message) && !/must be https/.test(message)) {
    return preset === 'entra-id'
      ? 'the entra-id preset needs --tenant (or --token-url)'
      : `the ${preset} preset needs --token-url or --issuer`;
  }
  if (/control characters/.test(message)) return 'give the client id exactly as issued, on one line';
  return usageHint(message, command);
}

/** A profile from the flags, built and validated by core; its problems become one usage error. */
export function profileFrom(args: ParsedArgs, clientId: string, alg: SigningAlg | undefined, command: string): Profile {
  const preset = presetFrom(args);
  const fields = profileFieldsFrom(args, clientId, alg);
  try {
    return createProfile(preset, { ...fields, name: 'cli', clientId });
  } catch (e) {
    if (isClientCredsError(e) && e.kind === 'config') {
      const message = problemsAsFlags(e.message);
      throw new UsageError(e.code, message, profileHint(message, preset, command));
    }
    throw e;
  }
}

/**
 * Reads and checks the flags, then loads the key (and the --certificate file). What the key says about itself is
 * the default unless a flag says otherwise: a JWK's `alg` (else the preset's alg when the key can sign it, else the
 * key's natural alg: an EC key gets ES256 rather than an error about PS256) and a JWK's `kid`. A certificate that
 * comes with the key must hold its public key (KeyError `key_certificate_mismatch`); --x5t other than `none`
 * without a certificate is a usage error (`x5t_needs_certificate`).
 */
export async function assertionSetup(
  spec: CommandSpec,
  args: ParsedArgs,
  io: CliIo,
  secrets: string[],
): Promise<AssertionSetup> {
  const clientId = requireFlag(args, spec, 'client-id');
  const privateKeyPath = requireFlag(args, spec, 'private-key');
  const algFlag = stringFlag(args, 'alg');
  const explicitAlg = algFlag === undefined ? undefined : asUsage(() => parseSigningAlg(algFlag));
  // Validate everything the user typed before touching the key file or prompting for a passphrase.
  const provisional = profileFrom(args, clientId, explicitAlg, spec.name);
  const httpOptions = httpOptionsFrom(args);
  const http = asUsage(() => createHttpClient(httpOptions), problemsAsFlags);

  try {
    const material = await loadPrivateKey(privateKeyPath, io, secrets);
    const { key } = material;
    let profile = provisional;
    if (explicitAlg === undefined) {
      const alg = defaultAlgFor(material, PRESETS[provisional.preset].defaults.alg);
      if (alg !== provisional.alg) profile = { ...profile, alg };
    }
    const kidFlag = stringFlag(args, 'kid');
    if (kidFlag === KID_THUMBPRINT) profile = { ...profile, kid: jwkThumbprint(key) };
    else if (kidFlag === undefined && material.kid !== undefined) profile = { ...profile, kid: material.kid };
    const certificate = await certificateFor(key, material.certificates, profile);
    return {
      profile,
      key,
      keyLabel: describeKey(key).label,
      http,
      privateKeyPath,
      ...(certificate ? { certificate } : {}),
      notes: material.notes,
    };
  } catch (e) {
    await http.close();
    throw e;
  }
}

/** The key's certificate: from --certificate (checked against the key), else the one in the key file. */
async function certificateFor(
  key: KeyObject,
  fromKeyFile: readonly X509Certificate[],
  profile: Profile,
): Promise<X509Certificate | undefined> {
  const certs = profile.certificate ? await loadCertificates(profile.certificate, key) : fromKeyFile;
  const certificate = certs[0];
  if (!certificate && profile.x5t !== undefined && profile.x5t !== 'none') {
    throw new UsageError(
      'x5t_needs_certificate',
      `--x5t=${profile.x5t} needs the key's certificate`,
      'give --certificate=PATH, or a key file that holds the certificate too (PEM bundle, PKCS#12, JWK with x5c)',
    );
  }
  return certificate;
}
