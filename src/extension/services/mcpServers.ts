/**
 * MCP servers behind client credentials: each entry of `clientCreds.mcpServers` (`{ label, url, profile }`, user
 * settings only) becomes a Streamable HTTP server definition; when VS Code starts one, the definition is resolved
 * with `Authorization: Bearer <token>`, a token of the entry's profile with more than 30 s left (fetched when the
 * cached one has less). A new token for a profile that a server uses fires the definitions' change event.
 */
import { checkUrl } from '../../core/urlPolicy';
import { Disposable } from '../base/dispose';
import { Emitter, type Event } from '../base/events';
import { SettingKey, settingName } from '../contract';
import { authorizationValue } from './bearerFormats';
import type { CachedToken } from './cachedToken';
import type { Log } from './log';

/** One entry of the setting. */
export interface McpServerEntry {
  label: string;
  url: string;
  profile: string;
}

/**
 * The valid entries of a `clientCreds.mcpServers` value and a sentence for each refused one: not an object, a
 * missing label, url or profile, a URL that is not https (plain http only for loopback) or holds credentials or a
 * fragment, a label used twice (the first wins).
 */
export function readMcpServers(value: unknown): { servers: McpServerEntry[]; problems: string[] } {
  const servers: McpServerEntry[] = [];
  const problems: string[] = [];
  if (value === undefined || value === null) return { servers, problems };
  if (!Array.isArray(value)) return { servers, problems: ['the setting must be a list of { label, url, profile }'] };
  value.forEach((raw, index) => {
    const where = `entry ${index + 1}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push(`${where} is not an object`);
      return;
    }
    const fields = raw as Record<string, unknown>;
    const text = (k: keyof McpServerEntry) => (typeof fields[k] === 'string' ? (fields[k] as string).trim() : '');
    const missing = (['label', 'url', 'profile'] as const).filter((k) => text(k) === '');
    if (missing.length > 0) {
      problems.push(`${where} needs ${missing.join(', ')}`);
      return;
    }
    const entry = { label: text('label'), url: text('url'), profile: fields.profile as string };
    const checked = checkUrl(entry.url);
    if (!checked.ok) {
      problems.push(
        `"${entry.label}": the url must be https:// without user:password@ or #fragment (http only for loopback)`,
      );
      return;
    }
    if (servers.some((s) => s.label === entry.label)) {
      problems.push(`"${entry.label}" is listed twice; the first entry is used`);
      return;
    }
    servers.push(entry);
  });
  return { servers, problems };
}

/** The parts of `vscode.McpHttpServerDefinition` the provider touches. */
export interface McpDefinitionLike {
  readonly label: string;
  headers: Record<string, string>;
}

/** What the MCP provider reads and does, injected. */
export interface McpServersDeps<T extends McpDefinitionLike> {
  /** The raw `clientCreds.mcpServers` value. */
  setting(): unknown;
  /** A definition for an entry (in VS Code: `new McpHttpServerDefinition(label, Uri.parse(url))`). */
  define(entry: McpServerEntry): T;
  /** A token with more than 30 s left, fetched when needed; rejects with the fetch's error. */
  freshToken(profile: string): Promise<CachedToken>;
  /** Fires the profile whose token changed. */
  onDidChangeToken: Event<string>;
  /** The sentence the commands would show for `error`. */
  explain(error: unknown): string;
  log: Log;
}

/** The `vscode.McpServerDefinitionProvider` of Client Creds, without VS Code at run time. */
export class McpServers<T extends McpDefinitionLike> extends Disposable {
  private readonly changes = this._register(new Emitter<void>());
  /** Fires when the setting changed or a server's profile got a new token. */
  readonly onDidChangeMcpServerDefinitions: Event<void> = this.changes.event;
  private reported = '';

  constructor(private readonly deps: McpServersDeps<T>) {
    super();
    this._register(
      deps.onDidChangeToken((profile) => {
        if (this.entries().some((s) => s.profile === profile)) this.changes.fire();
      }),
    );
  }

  /** Call when `clientCreds.mcpServers` changed. */
  settingChanged(): void {
    this.changes.fire();
  }

  /** One HTTP definition per valid entry; nothing is fetched here (VS Code calls this eagerly). */
  provideMcpServerDefinitions(): T[] {
    return this.entries().map((entry) => this.deps.define(entry));
  }

  /**
   * Adds `Authorization: Bearer <token>` to `server`'s headers, the token being one of its profile's with more
   * than 30 s left. Returns undefined (do not start) for a server no longer in the setting; rejects with the
   * commands' explanation when no token can be had (no key, untrusted workspace, the server's refusal, …).
   */
  async resolveMcpServerDefinition(server: T): Promise<T | undefined> {
    const entry = this.entries().find((s) => s.label === server.label);
    if (!entry) return undefined;
    let authorization: string;
    try {
      authorization = authorizationValue(await this.deps.freshToken(entry.profile));
    } catch (e) {
      this.deps.log.error(`no token for the MCP server "${entry.label}" (profile "${entry.profile}")`, e);
      throw new Error(this.deps.explain(e));
    }
    this.deps.log.info(`MCP server "${entry.label}" starts with a token of "${entry.profile}"`);
    server.headers = { ...server.headers, Authorization: authorization };
    return server;
  }

  private entries(): McpServerEntry[] {
    const { servers, problems } = readMcpServers(this.deps.setting());
    const report = problems.join('\n');
    if (report !== this.reported) {
      this.reported = report;
      for (const p of problems) this.deps.log.warn(`${settingName(SettingKey.mcpServers)}: ${p}`);
    }
    return servers;
  }
}
