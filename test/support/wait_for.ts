/**
 * Polls `condition` until it returns a value other than undefined and returns that value; fails
 * with `what` (and how long it waited) when `deadlineMs` passes first. Tests wait for events this
 * way instead of sleeping a fixed time: fast when the event comes early, a clear failure when it
 * never comes.
 */
export async function waitFor<T>(
  what: string,
  condition: () => T | undefined | Promise<T | undefined>,
  { deadlineMs = 30_000, pollMs = 50 }: { deadlineMs?: number; pollMs?: number } = {},
): Promise<T> {
  const startedMs = Date.now();
  for (;;) {
    const value = await condition();
    if (value !== undefined) return value;
    if (Date.now() - startedMs > deadlineMs)
      throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
