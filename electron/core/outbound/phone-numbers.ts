/**
 * The account's phone numbers (caller ids for outbound calls), read through the official SDK
 * (`GET /phone_numbers`, active numbers only) and cached in main: the Dial form and every dial
 * read the cache; "Refresh" (or a new account: `clear`) asks Telnyx again. Concurrent readers share
 * one request.
 */
import type { AccountNumbers, CallerIdOption } from '../../contract';
import type { TelnyxGateway } from '../telnyx-gateway';

/** Caller ids an agent picks from: more than this is a provisioning list, not a menu. */
const MAX_NUMBERS = 1000;
const PAGE_SIZE = 250;

export interface PhoneNumberCache {
  /** The cached list, or a fresh one when there is none yet or `refresh` is asked. */
  get(options?: { refresh?: boolean }): Promise<AccountNumbers>;
  /** Another account (demo ↔ live, a new key): forget the list. */
  clear(): void;
}

export function createPhoneNumberCache(gateway: TelnyxGateway, now: () => Date = () => new Date()): PhoneNumberCache {
  let cached: AccountNumbers | undefined;
  let inFlight: Promise<AccountNumbers> | undefined;
  let generation = 0;

  const load = async (): Promise<AccountNumbers> => {
    const started = generation;
    const numbers: CallerIdOption[] = [];
    await gateway.call('list phone numbers', async (client) => {
      for await (const n of client.phoneNumbers.list({ 'page[size]': PAGE_SIZE, filter: { status: 'active' } })) {
        numbers.push({ phoneNumber: n.phone_number, tags: n.tags ?? [], country: n.country_iso_alpha2 ?? '' });
        if (numbers.length >= MAX_NUMBERS) break;
      }
    });
    const result = { numbers, fetchedAt: now().toISOString() };
    // A clear() while this ran means another account: its answer must not land in the cache.
    if (started === generation) cached = result;
    return result;
  };

  return {
    get(options = {}) {
      if (cached && !options.refresh) return Promise.resolve(cached);
      inFlight ??= load().finally(() => (inFlight = undefined));
      return inFlight;
    },
    clear() {
      generation += 1;
      cached = undefined;
      inFlight = undefined;
    },
  };
}
