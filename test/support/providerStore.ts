/**
 * The storage behind one test authorization server: an oidc-provider adapter over plain Maps, one
 * instance per server, so every server (every test file, every bench run) starts with an empty
 * jti replay cache and its own clients. oidc-provider's built-in memory adapter would do the same
 * job but prints a production warning on every start, and its clients could not be added at runtime.
 *
 * Clients live here too: oidc-provider looks a client up through the adapter of its `Client` model
 * (the documented way to have clients that change while the provider runs), so registering a client
 * is a Map write.
 */

/** A stored record and when it stops being valid (epoch ms; undefined = never). */
interface Entry {
  payload: Record<string, unknown>;
  expiresAt: number | undefined;
}

/**
 * How long a used assertion's jti is remembered at most. oidc-provider stores it until the
 * assertion's `exp`, which for Jack Henry style assertions (exp in milliseconds) reads as tens of
 * thousands of years. The server refuses assertions that expire more than five minutes (plus clock
 * tolerance) ahead, so ten minutes covers every assertion it can still accept.
 */
const MAX_REPLAY_TTL_SECONDS = 600;

/** Model-keyed Maps with expiry, shared by all the adapters of one provider. */
export class ProviderStore {
  private readonly models = new Map<string, Map<string, Entry>>();

  /** The Map for one model name (created on first use). */
  model(name: string): Map<string, Entry> {
    let map = this.models.get(name);
    if (!map) {
      map = new Map();
      this.models.set(name, map);
    }
    return map;
  }

  /** Adds or replaces a client's metadata (snake_case, as oidc-provider expects it). */
  putClient(metadata: Record<string, unknown> & { client_id: string }): void {
    this.model('Client').set(metadata.client_id, { payload: structuredClone(metadata), expiresAt: undefined });
  }

  /** The adapter factory to pass as oidc-provider's `adapter` configuration. */
  adapterFactory(): (modelName: string) => StoreAdapter {
    return (modelName) => new StoreAdapter(modelName, this);
  }
}

/** oidc-provider's adapter interface for one model, backed by a {@link ProviderStore}. */
export class StoreAdapter {
  constructor(
    private readonly modelName: string,
    private readonly store: ProviderStore,
  ) {}

  private get entries(): Map<string, Entry> {
    return this.store.model(this.modelName);
  }

  async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number): Promise<void> {
    const ttl =
      this.modelName === 'ReplayDetection' && typeof expiresIn === 'number'
        ? Math.min(expiresIn, MAX_REPLAY_TTL_SECONDS)
        : expiresIn;
    const expiresAt = typeof ttl === 'number' ? Date.now() + ttl * 1000 : undefined;
    this.entries.set(id, { payload: structuredClone(payload), expiresAt });
  }

  async find(id: string): Promise<Record<string, unknown> | undefined> {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return structuredClone(entry.payload);
  }

  async findByUid(uid: string): Promise<Record<string, unknown> | undefined> {
    for (const [id, entry] of this.entries) if (entry.payload.uid === uid) return this.find(id);
    return undefined;
  }

  async findByUserCode(userCode: string): Promise<Record<string, unknown> | undefined> {
    for (const [id, entry] of this.entries) if (entry.payload.userCode === userCode) return this.find(id);
    return undefined;
  }

  async consume(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.entries.delete(id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [id, entry] of this.entries) if (entry.payload.grantId === grantId) this.entries.delete(id);
  }
}
