/**
 * Extra form parameters of a token request: what some servers want beside the grant (Auth0's `audience`, RFC 8707's
 * `resource`, a tenant's own). They can never replace the parameters that carry the grant and the client
 * authentication: those are Client Creds' job, and a second client_secret or client_assertion would be a different
 * (and refused) kind of request.
 */
import { ConfigError } from './errors';

/**
 * Parameters an extra parameter may not set: the grant (RFC 6749 §4.4.2), the client authentication (RFC 7523 §2.2,
 * RFC 6749 §2.3.1) and the two that have their own setting (scope, client_id).
 */
export const RESERVED_FORM_PARAMS: ReadonlyMap<string, string> = new Map([
  ['grant_type', 'it carries the grant (always client_credentials)'],
  ['client_assertion_type', 'it carries the client authentication'],
  ['client_assertion', 'it carries the client authentication (the signed assertion)'],
  ['client_secret', 'a client secret would be a second client authentication, which servers refuse'],
  ['scope', 'use the scope setting (CLI --scope)'],
  ['client_id', 'use the send client_id setting (CLI --send-client-id)'],
]);

/** The RFC 8707 resource indicator parameter (`--resource`). */
export const RESOURCE_PARAM = 'resource';

const NAME = /^[A-Za-z0-9_.\-~:[\]]+$/;

/**
 * Why `name` cannot be an extra parameter, or undefined when it can: reserved (see {@link RESERVED_FORM_PARAMS}),
 * empty, or outside the characters parameter names use (letters, digits, `_ . - ~ : [ ]`).
 */
export function extraParamProblem(name: string): string | undefined {
  if (name === '') return 'the parameter name is empty';
  const reserved = RESERVED_FORM_PARAMS.get(name.toLowerCase());
  if (reserved !== undefined) return `"${name}" cannot be set as an extra parameter: ${reserved}`;
  if (!NAME.test(name) || name.length > 100) return `"${name.slice(0, 40)}" is not a form parameter name`;
  return undefined;
}

/**
 * Reads `NAME=VALUE` (split at the first `=`; the value may hold more). Refuses (ConfigError `invalid_extra_param`) a
 * missing `=`, an empty value, and a name {@link extraParamProblem} refuses.
 */
export function parseExtraParam(text: string): [name: string, value: string] {
  const eq = text.indexOf('=');
  if (eq === -1) {
    throw new ConfigError(
      'invalid_extra_param',
      `extra parameter "${text.slice(0, 40)}" has no value`,
      'write NAME=VALUE',
    );
  }
  const name = text.slice(0, eq).trim();
  const value = text.slice(eq + 1);
  const problem = extraParamProblem(name);
  if (problem) throw new ConfigError('invalid_extra_param', problem, 'write NAME=VALUE with another name');
  if (value === '') {
    throw new ConfigError('invalid_extra_param', `extra parameter "${name}" has an empty value`, 'write NAME=VALUE');
  }
  return [name, value];
}

/** Extra parameters as one line of `NAME=VALUE` pairs separated by spaces (an input box's form). */
export function formatExtraParams(params: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(params ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
}

/**
 * Reads `NAME=VALUE NAME=VALUE …` (the form of {@link formatExtraParams}; values cannot hold spaces there) into extra
 * parameters, undefined for an empty text. Refuses (ConfigError `invalid_extra_param`) what {@link parseExtraParam}
 * refuses and a name given twice.
 */
export function parseExtraParams(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const pair of text.split(/\s+/).filter((p) => p !== '')) {
    const [name, value] = parseExtraParam(pair);
    if (Object.hasOwn(out, name)) {
      throw new ConfigError('invalid_extra_param', `extra parameter "${name}" is given twice`, 'give each name once');
    }
    out[name] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Checks a stored set of extra parameters (the profile's `extraParams`): one problem line per bad entry, each starting
 * with "extraParams:". An absent value has no problems.
 */
export function extraParamsProblems(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) return ['extraParams: must be an object of NAME: VALUE'];
  const problems: string[] = [];
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    const problem = extraParamProblem(name);
    if (problem) problems.push(`extraParams: ${problem}`);
    else if (typeof v !== 'string' || v === '') problems.push(`extraParams: "${name}" must have a text value`);
  }
  return problems;
}
