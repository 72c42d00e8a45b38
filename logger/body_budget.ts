/**
 * The bytes of request bodies the logger holds in memory at once, across all
 * requests, from the first chunk read until Kafka acknowledged the event:
 * with it, memory for bodies has a ceiling whatever the senders do (255
 * stalled 16 MiB bodies once grew the process to 4.3 GB). A request whose
 * next chunk does not fit is answered 503 (retry later) and its bytes given
 * back.
 */
export class BodyBudget {
  private held = 0;

  constructor(readonly maxBytes: number) {}

  get heldBytes(): number {
    return this.held;
  }

  /** Takes `bytes` if they fit and says so; takes nothing when they do not. */
  tryTake(bytes: number): boolean {
    if (this.held + bytes > this.maxBytes) return false;
    this.held += bytes;
    return true;
  }

  release(bytes: number): void {
    this.held -= bytes;
  }
}
