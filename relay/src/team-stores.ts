import { MemoryClaimStore, RedisClaimStore, type ClaimStore } from './claims';
import type { Clock } from './clock';
import { MemoryPresenceRegistry, type PresenceRegistry } from './presence-registry';

export interface TeamStores {
  presence: PresenceRegistry;
  claims: ClaimStore;
}

/**
 * Presence and claims live beside the event log: on Redis when the log is (so every relay on it
 * forms one team and a claim is exclusive across all of them), in memory otherwise (a file, SQLite or
 * memory log serves one relay instance, so its team and its claims are that instance's).
 */
export async function openTeamStores(storeSpec: string, clock: Clock): Promise<TeamStores> {
  if (storeSpec.startsWith('redis://') || storeSpec.startsWith('rediss://')) {
    const { RedisPresenceRegistry } = await import('./presence-redis');
    const presence = await RedisPresenceRegistry.open(storeSpec);
    try {
      return { presence, claims: await RedisClaimStore.open(storeSpec, clock) };
    } catch (error) {
      await presence.close();
      throw error;
    }
  }
  return { presence: new MemoryPresenceRegistry(), claims: new MemoryClaimStore(clock) };
}
