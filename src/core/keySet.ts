/**
 * A client's key set for rotation through a published JWKS: the signing key, at most one next key waiting to be
 * published and promoted, and after a promotion the previous key until it is retired. Every key is named by its
 * RFC 7638 thumbprint, the `kid` its JWKS entry and the assertion header carry. The transitions here are pure;
 * keyRotation.ts runs them against a store and the published JWKS.
 *
 *   single (signing)  --generate next-->  next-pending (signing, next)
 *   next-pending      --promote------->   promoted (signing = old next, previous = old signing)
 *   promoted          --retire-------->   single
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { KeyError } from './errors';
import type { JwkSet } from './jwks';
import { jwkThumbprint, type PublicJwk, publicJwk } from './keyExport';

/** The private keys of one client. `next` and `previous` never exist together. */
export interface KeySet {
  readonly signing: KeyObject;
  readonly next?: KeyObject;
  readonly previous?: KeyObject;
}

/** Which step of a rotation a key set is at (see the module comment). */
export type KeySetPhase = 'single' | 'next-pending' | 'promoted';

/** The role a key plays in a key set. */
export type KeyRole = 'signing' | 'next' | 'previous';

/** Whether one key of the set is in a published JWKS: under its thumbprint kid, under another kid, or not at all. */
export type PublicationStatus = 'published' | 'kid-differs' | 'missing';

/** What a published JWKS holds of a key set. */
export interface PublicationReport {
  /** Each key of the set, in the order signing, next, previous, with its thumbprint and status. */
  readonly keys: readonly { role: KeyRole; kid: string; status: PublicationStatus }[];
  /** Published keys that are none of the set's (another client's, or a key already retired here). */
  readonly otherKeys: number;
  /** Entries that are not usable public signing keys (unreadable, `use: enc`, symmetric). */
  readonly unusableEntries: number;
  /** Entries that carry private key members: the JWKS publishes a private key, which must be replaced at once. */
  readonly privateEntries: number;
}

/** The phase of `set`. Refuses (KeyError `key_retire_first`) a set holding both a next and a previous key. */
export function keySetPhase(set: KeySet): KeySetPhase {
  if (set.next && set.previous) {
    throw new KeyError(
      'key_retire_first',
      'the key set holds both a next key and a previous key',
      'retire the previous key before generating a next one',
    );
  }
  return set.next ? 'next-pending' : set.previous ? 'promoted' : 'single';
}

/** The RFC 7638 thumbprint of each key of `set`, by role. */
export function keySetKids(set: KeySet): { signing: string; next?: string; previous?: string } {
  const out: { signing: string; next?: string; previous?: string } = { signing: jwkThumbprint(set.signing) };
  if (set.next) out.next = jwkThumbprint(set.next);
  if (set.previous) out.previous = jwkThumbprint(set.previous);
  return out;
}

/**
 * The public JWKS to publish for `set` now: every key of it (signing, then next or previous), each with `kid` = its
 * RFC 7638 thumbprint and `use: sig`, so the server finds whichever key signed.
 */
export function keySetJwks(set: KeySet): { keys: PublicJwk[] } {
  return { keys: [set.signing, set.next, set.previous].filter((k): k is KeyObject => !!k).map((k) => publicJwk(k)) };
}

/**
 * `set` with `next` added. Refuses with KeyError: a next key already waiting (`key_next_exists`), a previous key
 * not retired yet (`key_retire_first`), and a next key equal to a key of the set (`key_next_exists`).
 */
export function withNextKey(set: KeySet, next: KeyObject): KeySet {
  assertRoomForNextKey(set);
  if (jwkThumbprint(next) === jwkThumbprint(set.signing)) {
    throw new KeyError('key_next_exists', 'the next key is the signing key itself', 'use a new key as the next key');
  }
  return { signing: set.signing, next };
}

/** Refuses (KeyError `key_next_exists`, `key_retire_first`) a set that cannot take a next key now; see {@link withNextKey}. */
export function assertRoomForNextKey(set: KeySet): void {
  const phase = keySetPhase(set);
  if (phase === 'next-pending') {
    throw new KeyError(
      'key_next_exists',
      'a next key is already waiting to be promoted',
      'publish and promote it, or delete it before generating another',
    );
  }
  if (phase === 'promoted') {
    throw new KeyError(
      'key_retire_first',
      'the previous key has not been retired yet',
      'remove it from the published JWKS and retire it, then generate the next key',
    );
  }
}

/** `set` after promotion: the next key signs, the old signing key becomes the previous key. KeyError `key_no_next` without a next key. */
export function promoted(set: KeySet): KeySet {
  if (keySetPhase(set) !== 'next-pending' || !set.next) {
    throw new KeyError('key_no_next', 'there is no next key to promote', 'generate a next key first');
  }
  return { signing: set.next, previous: set.signing };
}

/** `set` without its previous key. KeyError `key_no_previous` when there is none. */
export function retired(set: KeySet): KeySet {
  if (keySetPhase(set) !== 'promoted') {
    throw new KeyError(
      'key_no_previous',
      'there is no previous key to retire',
      'a key becomes the previous key when the next key is promoted',
    );
  }
  return { signing: set.signing };
}

/**
 * Which keys of `set` a published JWKS holds, matched by RFC 7638 thumbprint computed from each entry's public
 * members (a published `kid` is not trusted to name the key). Never throws: unreadable entries are counted.
 */
export function publicationOf(set: KeySet, jwks: JwkSet): PublicationReport {
  const published = new Map<string, unknown>();
  let unusableEntries = 0;
  let privateEntries = 0;
  for (const entry of jwks.keys) {
    if (hasPrivateMembers(entry)) privateEntries++;
    const thumbprint = thumbprintOfEntry(entry);
    if (thumbprint === undefined) unusableEntries++;
    else published.set(thumbprint, isRecord(entry) ? entry.kid : undefined);
  }
  const kids = keySetKids(set);
  const roles: KeyRole[] = ['signing', 'next', 'previous'];
  const keys = roles.flatMap((role) => {
    const kid = kids[role];
    if (kid === undefined) return [];
    const status: PublicationStatus = !published.has(kid)
      ? 'missing'
      : published.get(kid) === kid
        ? 'published'
        : 'kid-differs';
    return [{ role, kid, status }];
  });
  const ours = new Set(keys.map((k) => k.kid));
  const otherKeys = [...published.keys()].filter((kid) => !ours.has(kid)).length;
  return { keys, otherKeys, unusableEntries, privateEntries };
}

/** The JWK members (RFC 7518 §6.2.2, §6.3.2, §6.4.1) that hold private or symmetric key material. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'] as const;

function hasPrivateMembers(entry: unknown): boolean {
  return isRecord(entry) && PRIVATE_MEMBERS.some((m) => m in entry);
}

/**
 * How many entries of a published JWKS carry private or symmetric key members (`d`, `p`, `q`, `dp`, `dq`, `qi`,
 * `k`): each is a key that anyone can now sign with, so it must be replaced. Never throws.
 */
export function privateJwkEntries(jwks: JwkSet): number {
  return jwks.keys.filter(hasPrivateMembers).length;
}

const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'] as const;

function thumbprintOfEntry(entry: unknown): string | undefined {
  if (!isRecord(entry) || entry.use === 'enc') return undefined;
  if (Array.isArray(entry.key_ops) && !entry.key_ops.includes('verify')) return undefined;
  const members: Record<string, unknown> = {};
  for (const name of PUBLIC_MEMBERS) if (entry[name] !== undefined) members[name] = entry[name];
  try {
    return jwkThumbprint(createPublicKey({ key: members as JsonWebKey, format: 'jwk' }));
  } catch {
    return undefined;
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
