import type { AgentPresence } from './protocol';
import type { PresenceRegistry } from './presence-registry';

/**
 * This relay's copy of the team's presence (every relay's agents): read once at start, then kept
 * current from the registry's changes. The offer engine picks agents from it; the KPIs count it.
 */
export class PresenceView {
  readonly agents = new Map<string, AgentPresence>();
  /** `since` of each agent in ms (parsed once per change: the offer engine compares them for every caller). */
  readonly sinceMs = new Map<string, number>();
  private readonly listeners = new Set<(presence: AgentPresence) => void>();
  private readonly stop: () => void;

  constructor(private readonly registry: PresenceRegistry) {
    this.stop = registry.onChange((presence) => {
      this.set(presence);
      for (const listener of this.listeners) listener(presence);
    });
  }

  async start(): Promise<void> {
    for (const presence of await this.registry.snapshot()) if (!this.agents.has(presence.agent_id)) this.set(presence);
  }

  private set(presence: AgentPresence): void {
    this.agents.set(presence.agent_id, presence);
    this.sinceMs.set(presence.agent_id, Date.parse(presence.since));
  }

  list(): AgentPresence[] {
    return [...this.agents.values()];
  }

  onChange(listener: (presence: AgentPresence) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.stop();
    this.listeners.clear();
  }
}
