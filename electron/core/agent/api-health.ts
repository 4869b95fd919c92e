/**
 * The status bar's "API" light: every SDK call the engine makes goes through this gateway,
 * which records in the store whether Telnyx answered, refused the key, or could not be reached.
 */
import { toSwitchboardError } from '../errors';
import type { TelnyxGateway } from '../telnyx-gateway';
import { now } from './commands/context';
import { setConnection } from './reducer';
import type { AgentStore } from './store';

export function withApiHealth(inner: TelnyxGateway, store: AgentStore): TelnyxGateway {
  const markOk = () => {
    if (store.model().connection.api.state !== 'ok') store.update((m) => setConnection(m, { api: { state: 'ok', checkedAt: now() } }));
  };
  const markFailed = (error: unknown) => {
    const e = toSwitchboardError(error);
    const status = e.telnyx?.status ?? 0;
    if (e.code === 'NOT_CONFIGURED') store.update((m) => setConnection(m, { api: { state: 'not-configured', checkedAt: now() } }));
    else if (e.code === 'NETWORK' || e.code === 'TIMEOUT' || status === 401 || status === 403 || status >= 500) {
      store.update((m) => setConnection(m, { api: { state: 'error', checkedAt: now(), error: e.telnyx?.title ?? e.message } }));
    } else markOk(); // Telnyx answered (a 4xx about this command): it is reachable
  };
  return {
    isConfigured: () => inner.isConfigured(),
    testConnection: () => inner.testConnection(),
    async call(operation, fn) {
      try {
        const result = await inner.call(operation, fn);
        markOk();
        return result;
      } catch (e) {
        markFailed(e);
        throw e;
      }
    },
  };
}
