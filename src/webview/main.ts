/**
 * The claims panel's script (bundled for the browser as dist/webview/webview.js, with its CSS as
 * dist/webview/webview.css). It posts `ready`, renders what the host sends, keeps the timeline
 * moving every second, and keeps only non-secret state for restoring the panel after a reload.
 */
import './claims.css';
import type { PanelState, WebviewMessage } from '../shared/protocol';
import { parseHostMessage } from './hostMessages';
import { ClaimsPanelView } from './render';

/** The part of VS Code's webview API this panel uses. */
interface WebviewApi {
  postMessage(message: WebviewMessage): void;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): WebviewApi;

const api = acquireVsCodeApi();
const root = document.getElementById('app');
if (root) {
  const panel = new ClaimsPanelView(root, {
    reveal: () => api.postMessage({ type: 'reveal' }),
    copy: () => api.postMessage({ type: 'copy' }),
  });
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = parseHostMessage(event.data);
    if (!message) return;
    switch (message.type) {
      case 'render':
        panel.render(message.view, Date.now());
        api.setState(message.state);
        break;
      case 'signature':
        panel.setSignature(message.signature);
        break;
      case 'revealed':
        panel.showToken(message.token);
        break;
      case 'copied':
        panel.copied();
        break;
      case 'unavailable':
        panel.unavailable(message.title, message.message);
        break;
    }
  });
  setInterval(() => panel.tick(Date.now()), 1000);
  api.postMessage({ type: 'ready' });
}
