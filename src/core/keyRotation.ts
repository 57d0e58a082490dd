/**
 * Key rotation through a published JWKS, the way Jack Henry advises for keys that change: register a JWKS URI
 * instead of one public key, publish the next key beside the current one, switch to it once the server can see it,
 * then retire the old one. {@link KeyRotation} runs the key set's transitions (keySet.ts) against a
 * {@link KeySetStore} (the extension's secret storage, or a fake in tests) and checks publication through the one
 * hardened HTTP client.
 */
import type { KeyObject } from 'node:crypto';
import { ConfigError, KeyError } from './errors';
import type { HttpClient } from './http';
import { fetchJwks } from './jwks';
import { jwkThumbprint, type PublicJwk } from './keyExport';
import { generateKeyPair, type KeyGenOptions } from './keyGeneration';
import {
  assertRoomForNextKey,
  type KeySet,
  type KeySetPhase,
  keySetJwks,
  keySetKids,
  keySetPhase,
  type PublicationReport,
  promoted,
  publicationOf,
  retired,
  withNextKey,
} from './keySet';

/** Where one client's key set lives. `save` replaces the whole set in one write, so no step leaves half a set. */
export interface KeySetStore {
  /** The key set, or undefined when the client has no signing key yet. */
  load(): Promise<KeySet | undefined>;
  save(set: KeySet): Promise<void>;
}

/** What a rotation needs: the store, the HTTP client for the JWKS URI, and (for tests) the key generator. */
export interface KeyRotationDeps {
  readonly store: KeySetStore;
  readonly http: HttpClient;
  readonly generate?: (opts: KeyGenOptions) => Promise<KeyObject>;
}

/** The key set's phase and the thumbprint of each key. */
export interface KeySetStatus {
  readonly phase: KeySetPhase;
  readonly kids: { signing: string; next?: string; previous?: string };
}

/** A publication check: what the JWKS at `jwksUri` holds of the key set. */
export interface PublicationCheck extends PublicationReport {
  readonly jwksUri: string;
}

/** Runs the steps of a rotation for one client; each step loads the set, checks, and saves the new set once. */
export class KeyRotation {
  constructor(private readonly deps: KeyRotationDeps) {}

  /** The phase and thumbprints. KeyError `key_missing` when there is no signing key. */
  async status(): Promise<KeySetStatus> {
    const set = await this.load();
    return { phase: keySetPhase(set), kids: keySetKids(set) };
  }

  /**
   * Generates the next key (`opts`: the alg the profile signs with, and RSA bits) and stores it beside the signing
   * key. Returns its thumbprint and the public JWKS to publish now (both keys). KeyError `key_missing`,
   * `key_next_exists`, `key_retire_first`; ConfigError `invalid_bits`.
   */
  async generateNext(opts: KeyGenOptions): Promise<{ kid: string; jwks: { keys: PublicJwk[] } }> {
    const set = await this.load();
    assertRoomForNextKey(set); // before generating, which can take a second for RSA 4096
    const generate = this.deps.generate ?? (async (o: KeyGenOptions) => (await generateKeyPair(o)).privateKey);
    const next = await generate(opts);
    const updated = withNextKey(set, next);
    await this.deps.store.save(updated);
    return { kid: jwkThumbprint(next), jwks: keySetJwks(updated) };
  }

  /**
   * Fetches the JWKS at `jwksUri` (https, or http on loopback) and says which keys of the set it holds. Throws the
   * NetworkErrors of the HTTP client and ResponseError `jwks_status`, `jwks_not_json`, `jwks_not_jwks`.
   */
  async checkPublished(jwksUri: string): Promise<PublicationCheck> {
    const set = await this.load();
    return { jwksUri, ...publicationOf(set, await fetchJwks(this.deps.http, jwksUri)) };
  }

  /**
   * Makes the next key the signing key. Unless `confirmed`, first checks that the JWKS at `jwksUri` publishes it under
   * its thumbprint kid: KeyError `key_not_published` when not, ConfigError `no_client_jwks_uri` when there is no URI
   * to check. Also KeyError `key_no_next`. Returns the new signing kid, the previous kid, the check (when made) and
   * the JWKS to keep published until the previous key is retired.
   */
  async promote(opts: { jwksUri?: string; confirmed?: boolean } = {}): Promise<{
    kid: string;
    previousKid: string;
    publication?: PublicationCheck;
    jwks: { keys: PublicJwk[] };
  }> {
    const set = await this.load();
    const updated = promoted(set);
    let publication: PublicationCheck | undefined;
    if (!opts.confirmed) {
      if (opts.jwksUri === undefined) {
        throw new ConfigError(
          'no_client_jwks_uri',
          'there is no JWKS URI to check that the next key is published',
          "set the profile's client JWKS URI, or confirm that the server already has the next key",
        );
      }
      publication = await this.checkPublished(opts.jwksUri);
      const next = publication.keys.find((k) => k.role === 'next');
      if (next?.status !== 'published') {
        throw new KeyError(
          'key_not_published',
          next?.status === 'kid-differs'
            ? `the next key is published at ${opts.jwksUri} under another kid, not its thumbprint ${next.kid}`
            : `the next key (kid ${next?.kid ?? '?'}) is not published at ${opts.jwksUri}`,
          'publish the JWKS holding both keys (kid = thumbprint) at the JWKS URI, wait until the server has read it, then promote; or confirm to promote anyway',
        );
      }
    }
    await this.deps.store.save(updated);
    const kids = keySetKids(updated);
    return {
      kid: kids.signing,
      previousKid: kids.previous ?? '',
      ...(publication ? { publication } : {}),
      jwks: keySetJwks(updated),
    };
  }

  /**
   * Forgets the previous key (the private key is deleted from the store). With `jwksUri`, also says whether it is
   * still published there, since a retired key should leave the JWKS too. Returns its kid and the JWKS to publish
   * from now on (the signing key alone). KeyError `key_no_previous`.
   */
  async retire(opts: { jwksUri?: string } = {}): Promise<{
    retiredKid: string;
    stillPublished?: boolean;
    jwks: { keys: PublicJwk[] };
  }> {
    const set = await this.load();
    const updated = retired(set);
    const retiredKid = keySetKids(set).previous ?? '';
    let stillPublished: boolean | undefined;
    if (opts.jwksUri !== undefined) {
      const report = publicationOf(set, await fetchJwks(this.deps.http, opts.jwksUri));
      stillPublished = report.keys.some((k) => k.role === 'previous' && k.status !== 'missing');
    }
    await this.deps.store.save(updated);
    return { retiredKid, ...(stillPublished !== undefined ? { stillPublished } : {}), jwks: keySetJwks(updated) };
  }

  private async load(): Promise<KeySet> {
    const set = await this.deps.store.load();
    if (!set) {
      throw new KeyError('key_missing', 'there is no signing key to rotate', 'generate or import a key first');
    }
    return set;
  }
}
