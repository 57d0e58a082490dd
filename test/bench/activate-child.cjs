// One cold activation of the production bundle, run in a fresh process by 20-activate.bench.ts.
// Registers a minimal in-process `vscode` module (only here, for the bench), then times
// require(dist/extension.js) + activate(context), and reports which Node built-ins were first
// required during that window: undici pulls in node:net/node:tls/node:http2 when it is evaluated,
// so their absence shows the HTTP client and signing code were not loaded at activation.
// Usage: node activate-child.cjs <path to dist/extension.js>   (ACTIVATE_WITHOUT_MCP_API=1: no vscode.lm)
'use strict';
const Module = require('node:module');
const { performance } = require('node:perf_hooks');

const bundle = process.argv[2];
const SHIM_ID = '\0vscode-bench-shim';

const noop = () => {};
const disposable = () => ({ dispose: noop });
const event = () => disposable;
const settings = new Map();

const vscode = {
  l10n: {
    t: (message, ...args) => String(message).replace(/\{(\d+)\}/g, (m, i) => (i < args.length ? String(args[i]) : m)),
  },
  StatusBarAlignment: { Left: 1, Right: 2 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  UIKind: { Desktop: 1, Web: 2 },
  ThemeColor: class ThemeColor {
    constructor(id) {
      this.id = id;
    }
  },
  Uri: {
    parse: (value) => ({ scheme: String(value).split(':')[0], path: String(value) }),
    joinPath: (base, ...parts) => ({ ...base, path: [base.path, ...parts].join('/') }),
    file: (path) => ({ scheme: 'file', path }),
  },
  window: {
    createOutputChannel: () => ({
      trace: noop,
      debug: noop,
      info: noop,
      warn: noop,
      error: noop,
      show: noop,
      dispose: noop,
    }),
    createStatusBarItem: () => ({ show: noop, hide: noop, dispose: noop }),
    registerWebviewPanelSerializer: disposable,
    showInformationMessage: async () => undefined,
    showWarningMessage: async () => undefined,
    showErrorMessage: async () => undefined,
    setStatusBarMessage: disposable,
    onDidChangeWindowState: event(),
  },
  commands: { registerCommand: disposable, executeCommand: async () => undefined },
  authentication: { registerAuthenticationProvider: disposable },
  lm: { registerMcpServerDefinitionProvider: disposable },
  McpHttpServerDefinition: class McpHttpServerDefinition {
    constructor(label, uri, headers = {}) {
      this.label = label;
      this.uri = uri;
      this.headers = headers;
    }
  },
  languages: { registerHoverProvider: disposable },
  workspace: {
    isTrusted: true,
    getConfiguration: () => ({
      get: (key) => settings.get(key),
      update: async (key, value) => settings.set(key, value),
    }),
    onDidChangeConfiguration: event(),
    onDidGrantWorkspaceTrust: event(),
  },
  env: { uiKind: 1, clipboard: { readText: async () => '', writeText: async () => undefined } },
};

// An editor without the MCP API (VS Code before 1.101, or a fork): activation must not depend on it.
if (process.env.ACTIVATE_WITHOUT_MCP_API === '1') {
  delete vscode.lm;
  delete vscode.McpHttpServerDefinition;
}

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? SHIM_ID : resolve.call(this, request, ...rest);
};
require.cache[SHIM_ID] = { id: SHIM_ID, filename: SHIM_ID, loaded: true, exports: vscode };

const seen = new Set();
const builtins = [];
const originalRequire = Module.prototype.require;
Module.prototype.require = function (id, ...rest) {
  if ((id.startsWith('node:') || Module.isBuiltin(id)) && !seen.has(id)) {
    seen.add(id);
    builtins.push(id.replace(/^node:/, ''));
  }
  return originalRequire.call(this, id, ...rest);
};

const secrets = new Map();
const context = {
  subscriptions: [],
  extensionUri: { scheme: 'file', path: '/ext' },
  secrets: {
    get: async (k) => secrets.get(k),
    store: async (k, v) => void secrets.set(k, v),
    delete: async (k) => void secrets.delete(k),
    onDidChange: event(),
  },
  globalState: { get: () => undefined, update: async () => undefined, keys: () => [] },
  workspaceState: { get: () => undefined, update: async () => undefined, keys: () => [] },
  environmentVariableCollection: {
    persistent: true,
    description: undefined,
    replace: noop,
    clear: noop,
  },
};

const started = performance.now();
const extension = require(bundle);
const loaded = performance.now();
extension.activate(context);
const activated = performance.now();
Module.prototype.require = originalRequire;

setImmediate(() => {
  process.stdout.write(
    `${JSON.stringify({
      loadMs: loaded - started,
      activateMs: activated - loaded,
      totalMs: activated - started,
      builtins,
      subscriptions: context.subscriptions.length,
    })}\n`,
  );
  for (const d of context.subscriptions) d.dispose();
});
