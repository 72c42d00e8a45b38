/** `promise`, or a rejection saying `message` if it has not settled within `ms`. */
export function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} (within ${ms} ms)`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Polls `condition` every `everyMs` until it holds; fails saying `message` after `ms`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  ms: number,
  message: string,
  everyMs = 20,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${message} (waited ${ms} ms)`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
