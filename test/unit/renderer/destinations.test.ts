// Recent and favourite transfer destinations: search, most-recent-first, starring.
import { describe, expect, it } from 'vitest';
import { RECENT_DESTINATIONS_LIMIT, type TransferDestination } from '../../../electron/contract';
import { isFavourite, searchDestinations, toggledFavourite, withRecent } from '../../../renderer/src/destinations';

const empty = { recent: [], favourites: [] };
const n = (to: string): TransferDestination => ({ type: 'number', to });

describe('saved destinations', () => {
  it('keeps the newest first, once each, and at most the limit', () => {
    let t = withRecent(withRecent(withRecent(empty, n('+15550001')), { type: 'queue', queue: 'sales' }), n('+15550001'));
    expect(t.recent.map((s) => s.label)).toEqual(['+15550001', 'Queue sales']);
    for (let i = 0; i < RECENT_DESTINATIONS_LIMIT + 5; i++) t = withRecent(t, n(`+1555100${String(i).padStart(2, '0')}`));
    expect(t.recent).toHaveLength(RECENT_DESTINATIONS_LIMIT);
  });

  it('searches label and address, favourites first and not repeated among recent ones', () => {
    let t = withRecent(withRecent(empty, n('+15550001')), { type: 'agent', endpoint: 'sip:ann@example.com', name: 'Ann' });
    t = toggledFavourite(t, n('+15550001'));
    expect(isFavourite(t, n('+15550001'))).toBe(true);
    expect(searchDestinations(t, '').map((s) => [s.label, s.favourite])).toEqual([
      ['+15550001', true],
      ['Agent Ann (sip:ann@example.com)', false],
    ]);
    expect(searchDestinations(t, 'ANN').map((s) => s.label)).toEqual(['Agent Ann (sip:ann@example.com)']);
    expect(searchDestinations(t, '0001').map((s) => s.label)).toEqual(['+15550001']);
    expect(searchDestinations(t, 'nobody')).toEqual([]);
    expect(isFavourite(toggledFavourite(t, n('+15550001')), n('+15550001'))).toBe(false);
  });
});
