/**
 * Conference moves in flight (create → join, leave): while one runs, or if one ran during a
 * REST snapshot, that snapshot is not truth about our conference (see reconciler.ts), and the
 * auto-leave reaction holds off (see reactions.ts).
 */
export interface Transitions {
  /** Marks `work` as a move of our leg in or out of a conference. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** True while any move runs. */
  busy(): boolean;
  /** Changes whenever a move starts or ends: equal epochs mean no move touched the interval. */
  epoch(): number;
}

export function createTransitions(): Transitions {
  let inFlight = 0;
  let epoch = 0;
  return {
    async run(work) {
      inFlight += 1;
      epoch += 1;
      try {
        return await work();
      } finally {
        inFlight -= 1;
        epoch += 1;
      }
    },
    busy: () => inFlight > 0,
    epoch: () => epoch,
  };
}
