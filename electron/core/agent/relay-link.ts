/**
 * The engine's side of the relay: one relay client per start, its events handed to the intake,
 * its status shown in the store, and a REST reconcile whenever events may have been missed
 * (reconnected after an outage, the relay asked for a resync, an event failed verification).
 */
import type { Logger } from '../log';
import {
  createRelayClient,
  type RelayClient,
  type RelayClientFrame,
  type RelayClientOptions,
  type RelayRejection,
  type TeamFrame,
} from '../relay/relay-client';
import type { EventIntake } from './event-intake';
import { setConnection } from './reducer';
import type { AgentStore } from './store';

/** How the engine makes its relay client (tests may wrap the real one). */
export type RelayClientFactory = (opts: RelayClientOptions) => RelayClient;

export interface RelayConfig {
  url: string;
  /** Relays of the same deployment tried after `url` when it cannot be reached (relay-client.ts). */
  fallbackUrls?: string[];
  token: string;
  telnyxPublicKey: string;
}

export interface RelayLink {
  /** Starts a client for `config`, or shows "not configured" without one. */
  connect(config: RelayConfig | undefined): void;
  disconnect(): Promise<void>;
  /** After sleep the socket may be a zombie; the client resumes from its last event id, so nothing is lost. */
  forceReconnect(): void;
  /** The team protocol on the same socket (core/team/): frames out, and what comes back. */
  send(frame: RelayClientFrame): boolean;
  onTeam(cb: (frame: TeamFrame) => void): () => void;
  /** Every (re)connected session, after the relay's hello: the team state is published again. */
  onHello(cb: () => void): () => void;
}

export interface RelayLinkDeps {
  store: AgentStore;
  intake: EventIntake;
  reconcile(reason: string): Promise<void>;
  log: Logger;
  createRelayClient?: RelayClientFactory;
}

export function createRelayLink({ store, intake, reconcile, log, createRelayClient: factory = createRelayClient }: RelayLinkDeps): RelayLink {
  let relay: RelayClient | undefined;
  let relayUrl: string | undefined;
  let lastRelayId: string | undefined;
  let wasDisconnected = false;
  const teamListeners = new Set<(frame: TeamFrame) => void>();
  const helloListeners = new Set<() => void>();

  const connect = (rc: RelayConfig) => {
    if (relayUrl !== rc.url) lastRelayId = undefined; // another relay: its ids mean nothing to us
    relayUrl = rc.url;
    const client = factory({ ...rc, ...(lastRelayId ? { since: lastRelayId } : {}) });
    relay = client;
    // A client we replaced may still say something while it closes: only the current one counts.
    client.on('event', (ev) => {
      if (relay !== client) return;
      lastRelayId = ev.relayId;
      intake.receive(ev);
    });
    client.on('status', (st) => {
      if (relay !== client) return;
      store.update((m) =>
        setConnection(m, {
          relay: {
            state: st.state,
            attempt: st.attempt,
            ...(m.connection.relay.lastEventAt
              ? { lastEventAt: m.connection.relay.lastEventAt }
              : st.lastEventAt
                ? { lastEventAt: new Date(st.lastEventAt).toISOString() }
                : {}),
            ...(st.error ? { error: st.error } : {}),
          },
        }),
      );
      if (st.state === 'disconnected') wasDisconnected = true;
      if (st.state === 'live' && wasDisconnected) {
        wasDisconnected = false;
        void reconcile('relay reconnected');
      }
    });
    client.on('hello', () => {
      if (relay === client) for (const cb of helloListeners) cb();
    });
    client.on('team', (frame) => {
      if (relay === client) for (const cb of teamListeners) cb(frame);
    });
    client.on('resync', (reason) => {
      if (relay === client) void reconcile(`relay resync: ${reason}`);
    });
    client.on('rejected', (info) => {
      log.warn('relay event rejected', { relayId: info.relayId, kind: info.kind, reason: info.reason });
      if (relay !== client) return;
      // Never applied, so the screen could fall behind: say why, and take the truth from REST.
      store.update((m) =>
        setConnection(m, {
          relay: { ...m.connection.relay, error: rejectionMessage(info) },
        }),
      );
      void reconcile('relay event rejected');
    });
    store.update((m) => setConnection(m, { relay: { state: 'connecting', attempt: 0 } }));
    client.start();
  };

  return {
    connect(config) {
      if (config) connect(config);
      else store.update((m) => setConnection(m, { relay: { state: 'not-configured', attempt: 0 } }));
    },
    async disconnect() {
      const client = relay;
      relay = undefined;
      if (client) await client.stop();
    },
    forceReconnect: () => relay?.forceReconnect(),
    send: (frame) => relay?.send(frame) ?? false,
    onTeam(cb) {
      teamListeners.add(cb);
      return () => teamListeners.delete(cb);
    },
    onHello(cb) {
      helloListeners.add(cb);
      return () => helloListeners.delete(cb);
    },
  };
}

/** What the agent is told about a dropped event: only a signature failure points at the public key. */
export function rejectionMessage({ kind, reason }: Pick<RelayRejection, 'kind' | 'reason'>): string {
  switch (kind) {
    case 'signature':
      return `An event failed Telnyx signature verification and was ignored (${reason}); check the Telnyx public key in Settings`;
    case 'stale':
      return `A live event carried an old Telnyx timestamp and was ignored (${reason}); check the relay, and this computer's clock`;
    case 'malformed':
      return `An event from the relay could not be read and was ignored (${reason}); the console reloaded its state from Telnyx`;
  }
}
