import { startedSharedKafkaBroker } from "./kafka_broker";

/**
 * Mocha root hooks (loaded by .mocharc's `require`) for the shared Kafka broker: after each test
 * it must be running again — a test that stopped, killed or paused it and did not bring it back
 * fails here, after the broker is restored for the tests that follow — and it is destroyed once
 * the run ends.
 */
export const mochaHooks = {
  async afterEach(): Promise<void> {
    const started = startedSharedKafkaBroker();
    if (started === null) return;
    const broker = await started.catch(() => null);
    if (broker === null || broker.state === "running") return;
    const left = broker.state;
    if (left === "paused") broker.resume();
    else await broker.start();
    throw new Error(`the test left the shared Kafka broker ${left}; restore it in a finally block`);
  },
};

export async function mochaGlobalTeardown(): Promise<void> {
  const started = startedSharedKafkaBroker();
  if (started === null) return;
  const broker = await started.catch(() => null);
  await broker?.destroy();
}
