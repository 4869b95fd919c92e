/**
 * The agent store: holds the model, bumps the revision on every change and tells subscribers,
 * coalesced to at most one state push per frame (~16 ms) so a burst of webhooks is one render.
 */
import type { AgentState } from '../../contract';
import { toAgentState, type AgentModel } from './model';

export const STATE_FRAME_MS = 16;

export class AgentStore {
  private current: AgentModel;
  private revision = 0;
  private cached: AgentState | undefined;
  private readonly stateListeners = new Set<(s: AgentState) => void>();
  private readonly modelListeners = new Set<(m: AgentModel, prev: AgentModel) => void>();
  private emitTimer: NodeJS.Timeout | undefined;
  private lastEmitAt = 0;

  /** `derive` completes every change before anyone sees it (agent-state.ts: `since`, wrap-up). */
  constructor(
    initial: AgentModel,
    private readonly derive: (next: AgentModel, prev: AgentModel) => AgentModel = (next) => next,
  ) {
    this.current = initial;
  }

  model(): AgentModel {
    return this.current;
  }

  /** Applies a pure change; a change that returns the same model is not a change. */
  update(change: (m: AgentModel) => AgentModel): AgentModel {
    const prev = this.current;
    const changed = change(prev);
    if (changed === prev) return prev;
    const next = this.derive(changed, prev);
    this.current = next;
    this.revision += 1;
    this.cached = undefined;
    for (const listener of this.modelListeners) listener(next, prev);
    this.scheduleEmit();
    return next;
  }

  state(): AgentState {
    this.cached ??= toAgentState(this.current, this.revision);
    return this.cached;
  }

  onState(cb: (s: AgentState) => void): () => void {
    this.stateListeners.add(cb);
    return () => this.stateListeners.delete(cb);
  }

  /** Synchronous: every change, before coalescing (waiters and reactions use it). */
  onModel(cb: (m: AgentModel, prev: AgentModel) => void): () => void {
    this.modelListeners.add(cb);
    return () => this.modelListeners.delete(cb);
  }

  /** Pushes the pending state now (shutdown, tests). */
  flush(): void {
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.emitTimer = undefined;
    this.emit();
  }

  dispose(): void {
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.emitTimer = undefined;
  }

  private scheduleEmit(): void {
    if (this.emitTimer) return;
    const wait = Math.max(0, this.lastEmitAt + STATE_FRAME_MS - performance.now());
    this.emitTimer = setTimeout(() => {
      this.emitTimer = undefined;
      this.emit();
    }, wait);
  }

  private emit(): void {
    this.lastEmitAt = performance.now();
    const state = this.state();
    for (const listener of this.stateListeners) listener(state);
  }
}
