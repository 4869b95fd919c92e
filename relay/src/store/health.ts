/**
 * Whether the store's last write (append, prune, probe) worked. `/readyz` answers 503 while it did
 * not, so a load balancer stops sending webhooks to an instance that can only refuse them, and 200
 * again as soon as a write succeeds.
 */
export class StoreHealth {
  private failure: { what: string; error: unknown } | null = null;

  constructor(private readonly onProblem: (what: string, error: unknown) => void = () => {}) {}

  get healthy(): boolean {
    return this.failure === null;
  }

  failed(what: string, error: unknown): void {
    // Reported once per outage, not once per refused webhook.
    if (this.failure === null) this.onProblem(what, error);
    this.failure = { what, error };
  }

  ok(): void {
    this.failure = null;
  }
}
