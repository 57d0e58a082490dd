/** Show Log: reveals the "Client Creds" log channel (everything in it is masked). */
import type { Services } from '../services/services';

/** The command handler. */
export function showLog(s: Services) {
  return (): void => s.log.show();
}
