/** `promise`, or a rejection saying `message` if it has not settled within `ms`. */
export function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} (within ${ms} ms)`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Polls `condition` until it returns a value other than undefined and returns that value; fails
 * with `what` (and how long it waited) when `deadlineMs` passes first. Tests wait for events this
 * way instead of sleeping a fixed time: fast when the event comes early, a clear failure when it
 * never comes.
 */
export async function waitForValue<T>(
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

/** Polls `condition` every `everyMs` until it holds; fails saying `message` after `ms`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  ms: number,
  message: string,
  everyMs = 20,
): Promise<void> {
  await waitForValue(message, async () => ((await condition()) ? true : undefined), {
    deadlineMs: ms,
    pollMs: everyMs,
  });
}
