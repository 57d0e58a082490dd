/**
 * The host side of the claims panel: one webview panel (viewType `clientCreds.claims`) that shows a
 * token's decoded claims. The host keeps the raw token; the webview gets a display model, and the
 * raw token only when the user clicks Reveal. Copy goes through the host's clipboard.
 */
import * as vscode from 'vscode';
import type { LintFinding } from '../../core/assertion';
import { describeError } from '../../core/errors';
import type { HttpClient } from '../../core/http';
import { type DecodedToken, decodeToken } from '../../core/jwt';
import type { ClaimsView, HostMessage, SignatureView, TokenSource } from '../../shared/protocol';
import { parseWebviewMessage } from '../../shared/webviewMessages';
import { Disposable, toDisposable } from '../base/dispose';
import { ViewType } from '../contract';
import { buildClaimsView } from './claimsView';
import type { ClaimsDeps, ClaimsLog, CurrentToken } from './deps';
import { dpopView } from './dpopLine';
import { buildClaimsHtml, claimsPanelOptions, createNonce } from './html';
import { panelStateFor } from './panelState';
import { checkTarget, initialSignature, signatureView } from './signatureLine';

/** What to show in the panel. */
export interface ClaimsPanelInput {
  /** Panel title, e.g. "Claims: sandbox" or "Claims: Decoded JWT". */
  title: string;
  /** The raw token; stays in the extension host. */
  token: string;
  source: TokenSource;
  /** JWKS URL to verify against; for `source: 'token'` without it, discovery from `iss` finds one. */
  jwksUri?: string;
  /** Findings from `lintAssertion`, shown for client assertions. */
  lint?: readonly LintFinding[];
  /**
   * Borrowed HTTP client for the JWKS fetch (proxy and CA settings applied), or a function that
   * lends one; never closed by the panel. Without it the panel makes and closes a default client.
   */
  http?: HttpClient | (() => Promise<HttpClient> | HttpClient);
  /** Epoch ms the token was obtained, for tokens without `iat`. */
  obtainedAt?: number;
  /** Epoch ms of expiry from `expires_in`, for tokens without `exp`. */
  expiresAt?: number;
  /** Only for a DPoP token: the thumbprint of the profile's DPoP key, checked against `cnf.jkt`. */
  dpop?: { keyThumbprint: string | undefined };
  log?: ClaimsLog;
  /**
   * Writes the token to the clipboard when the user clicks Copy; lets the host apply its
   * clipboard-clearing setting. Default: `vscode.env.clipboard.writeText`.
   */
  copy?: (token: string) => Promise<void>;
}

/** The panel input for the current profile's token, with the JWKS client, log and copy hook of `deps`. */
export function currentTokenInput(title: string, current: CurrentToken, deps: ClaimsDeps): ClaimsPanelInput {
  return {
    title,
    token: current.token,
    source: 'token',
    jwksUri: current.jwksUri,
    obtainedAt: current.obtainedAt,
    expiresAt: current.expiresAt,
    ...(current.dpop ? { dpop: current.dpop } : {}),
    http: deps.http,
    log: deps.log,
    copy: deps.copy,
  };
}

type Content =
  | { kind: 'token'; input: ClaimsPanelInput; decoded: DecodedToken; view: ClaimsView }
  | { kind: 'unavailable'; title: string; message: string };

/** The claims panel. At most one exists; showing another token reuses it. */
export class ClaimsPanel extends Disposable {
  private static current: ClaimsPanel | undefined;

  private content: Content | undefined;
  private ready = false;
  private generation = 0;
  private log: ClaimsLog | undefined;

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly panel: vscode.WebviewPanel,
  ) {
    super();
    panel.webview.options = ClaimsPanel.webviewOptions(context);
    this._register(panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)));
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(
      toDisposable(() => {
        if (ClaimsPanel.current === this) ClaimsPanel.current = undefined;
      }),
    );
  }

  /** Scripts on, command URIs off, resources only from dist/webview (see {@link claimsPanelOptions}). */
  static webviewOptions(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return claimsPanelOptions(vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'));
  }

  /**
   * Shows `input` in the claims panel, creating it or reusing the open one. Refuses nothing: an
   * unreadable token shows as opaque. Returns the panel (mainly for tests and the serializer).
   */
  static show(context: vscode.ExtensionContext, input: ClaimsPanelInput): ClaimsPanel {
    const column = input.source === 'editor' ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    let current = ClaimsPanel.current;
    if (current) {
      current.panel.reveal(column);
    } else {
      const panel = vscode.window.createWebviewPanel(
        ViewType.claims,
        input.title,
        { viewColumn: column, preserveFocus: false },
        ClaimsPanel.webviewOptions(context),
      );
      current = new ClaimsPanel(context, panel);
      ClaimsPanel.current = current;
    }
    current.setToken(input);
    return current;
  }

  /** Takes over a panel VS Code restored after a reload, showing `input` or an unavailable message. */
  static restore(
    context: vscode.ExtensionContext,
    panel: vscode.WebviewPanel,
    content: ClaimsPanelInput | { title: string; message: string },
  ): ClaimsPanel {
    ClaimsPanel.current?.panel.dispose();
    const restored = new ClaimsPanel(context, panel);
    ClaimsPanel.current = restored;
    if ('token' in content) restored.setToken(content);
    else restored.setUnavailable(content.title, content.message);
    return restored;
  }

  private setToken(input: ClaimsPanelInput): void {
    this.log = input.log;
    const decoded = decodeToken(input.token);
    const from = { source: input.source, jwksUri: input.jwksUri };
    const signature = initialSignature(decoded, from);
    const view = buildClaimsView(
      {
        title: input.title,
        source: input.source,
        decoded,
        tokenLength: input.token.length,
        signature,
        lint: input.lint,
        obtainedAt: input.obtainedAt,
        expiresAt: input.expiresAt,
        ...(input.dpop ? { dpop: dpopView(decoded, input.dpop.keyThumbprint) } : {}),
      },
      Date.now(),
    );
    this.content = { kind: 'token', input, decoded, view };
    this.load(input.title);
    if (checkTarget(decoded, from)) void this.verify(this.generation, input, decoded);
  }

  private setUnavailable(title: string, message: string): void {
    this.content = { kind: 'unavailable', title, message };
    this.load(title);
  }

  /** A fresh document with a fresh nonce for every new content; the webview then posts `ready`. */
  private load(title: string): void {
    this.generation++;
    this.ready = false;
    this.panel.title = title;
    const webview = this.panel.webview;
    const asset = (name: string) =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview', name)).toString();
    webview.html = buildClaimsHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: asset('webview.js'),
      styleUri: asset('webview.css'),
      title,
    });
  }

  private async verify(generation: number, input: ClaimsPanelInput, decoded: DecodedToken): Promise<void> {
    let owned: HttpClient | undefined;
    let signature: SignatureView;
    try {
      // Loaded on first use: the JWKS check pulls in the HTTP client and jose, which activation must not pay for.
      const { checkSignature } = await import('./signatureCheck');
      let http = typeof input.http === 'function' ? await input.http() : input.http;
      if (!http) {
        const { createHttpClient } = await import('../../core/http');
        owned = createHttpClient();
        http = owned;
      }
      signature = await checkSignature(input.token, decoded, { source: input.source, jwksUri: input.jwksUri }, http);
    } catch (e) {
      // Only a client that cannot be built (a bad proxy or CA setting) gets here; checkSignature never throws.
      const { message } = describeError(e);
      signature = signatureView('error', `Could not check the signature: ${message}`);
    } finally {
      await owned?.close().catch(() => undefined);
    }
    if (generation !== this.generation || this.content?.kind !== 'token' || this.isDisposed) return;
    this.content.view = { ...this.content.view, signature };
    if (signature.state === 'error') this.log?.warn(`claims panel: ${signature.summary.text}`);
    if (this.ready) this.post({ type: 'signature', signature });
  }

  private onMessage(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.log?.warn(`claims panel: ignored a message from the webview: ${parsed.reason}`);
      return;
    }
    const content = this.content;
    switch (parsed.message.type) {
      case 'ready':
        this.ready = true;
        if (content?.kind === 'token') {
          this.post({
            type: 'render',
            view: content.view,
            state: panelStateFor(content.input.source, content.input.title, content.input.token),
          });
        } else if (content) {
          this.post({ type: 'unavailable', title: content.title, message: content.message });
        }
        break;
      case 'reveal':
        if (content?.kind === 'token') this.post({ type: 'revealed', token: content.input.token });
        break;
      case 'copy':
        if (content?.kind === 'token') void this.copy(content.input);
        break;
    }
  }

  private async copy(input: ClaimsPanelInput): Promise<void> {
    try {
      if (input.copy) await input.copy(input.token);
      else await vscode.env.clipboard.writeText(input.token);
    } catch (e) {
      this.log?.warn(`claims panel: copy failed (${e instanceof Error ? e.name : 'error'})`);
      return;
    }
    this.log?.info('claims panel: token copied to the clipboard');
    this.post({ type: 'copied' });
  }

  private post(message: HostMessage): void {
    if (!this.isDisposed) void this.panel.webview.postMessage(message);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    this.panel.dispose();
  }
}
