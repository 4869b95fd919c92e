/**
 * Recent and favourite transfer destinations (Settings `transfers`): search, and the lists after
 * one more use or a star. Pure, so the panel only renders and saves.
 */
import {
  FAVOURITE_DESTINATIONS_LIMIT,
  RECENT_DESTINATIONS_LIMIT,
  describeDestination,
  destinationAddress,
  sameDestination,
  type SavedDestination,
  type Settings,
  type TransferDestination,
} from '../../electron/contract';

export type TransferSettings = Settings['transfers'];

export function saved(destination: TransferDestination): SavedDestination {
  return { destination, label: describeDestination(destination) };
}

/** Favourites first, then recent ones not starred; each matching the query in its label or address. */
export function searchDestinations(transfers: TransferSettings, query: string): Array<SavedDestination & { favourite: boolean }> {
  const q = query.trim().toLowerCase();
  const matches = (s: SavedDestination) => q === '' || s.label.toLowerCase().includes(q) || destinationAddress(s.destination).toLowerCase().includes(q);
  const favourites = transfers.favourites.filter(matches).map((s) => ({ ...s, favourite: true }));
  const recent = transfers.recent
    .filter((s) => matches(s) && !transfers.favourites.some((f) => sameDestination(f.destination, s.destination)))
    .map((s) => ({ ...s, favourite: false }));
  return [...favourites, ...recent];
}

/** The destination moves to the top of the recent list (kept to RECENT_DESTINATIONS_LIMIT). */
export function withRecent(transfers: TransferSettings, destination: TransferDestination): TransferSettings {
  const rest = transfers.recent.filter((s) => !sameDestination(s.destination, destination));
  return { ...transfers, recent: [saved(destination), ...rest].slice(0, RECENT_DESTINATIONS_LIMIT) };
}

export function isFavourite(transfers: TransferSettings, destination: TransferDestination): boolean {
  return transfers.favourites.some((s) => sameDestination(s.destination, destination));
}

export function toggledFavourite(transfers: TransferSettings, destination: TransferDestination): TransferSettings {
  if (isFavourite(transfers, destination)) {
    return { ...transfers, favourites: transfers.favourites.filter((s) => !sameDestination(s.destination, destination)) };
  }
  return { ...transfers, favourites: [...transfers.favourites, saved(destination)].slice(0, FAVOURITE_DESTINATIONS_LIMIT) };
}
