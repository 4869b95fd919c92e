// Seeded randomness: the same seed gives the same synthetic traffic and the same ids.

/** mulberry32: tiny, fast, good enough for simulation (not for secrets). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX = '0123456789abcdef';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Ids shaped like Telnyx's: UUID v4 for resources and events, `v3:<base64url>` for call control ids. */
export class IdFactory {
  constructor(private readonly random: () => number) {}

  uuid(): string {
    let out = '';
    for (let i = 0; i < 36; i++) {
      if (i === 8 || i === 13 || i === 18 || i === 23) out += '-';
      else if (i === 14) out += '4';
      else if (i === 19) out += HEX[8 + Math.floor(this.random() * 4)];
      else out += HEX[Math.floor(this.random() * 16)];
    }
    return out;
  }

  callControlId(): string {
    let out = 'v3:';
    for (let i = 0; i < 54; i++) out += URL_SAFE[Math.floor(this.random() * 64)];
    return out;
  }
}

/** Uniform number in [min, max]. */
export function between(random: () => number, [min, max]: readonly [number, number]): number {
  return min + (max - min) * random();
}
