import type { Subscriber } from './fanout';
import type { RelayMetrics } from './metrics';

/**
 * Pings every subscriber each `intervalMs` and terminates one that has not answered the previous
 * ping (a dead peer behind NAT never sends a FIN). Returns a function that stops the pings.
 */
export function startHeartbeats(subscribers: ReadonlySet<Subscriber>, intervalMs: number, metrics: RelayMetrics): () => void {
  const timer = setInterval(() => {
    for (const sub of subscribers) {
      if (!sub.alive) {
        metrics.deadPeerCloses.inc();
        sub.ws.terminate();
        continue;
      }
      sub.alive = false;
      sub.ws.ping();
    }
  }, intervalMs);
  return () => clearInterval(timer);
}
