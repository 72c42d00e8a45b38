/**
 * A pipeline asks for something this runner does not implement (a trigger,
 * window fn, accumulation mode, transform URN, ...). Raised before anything
 * runs: a strategy is rejected by name, never silently ignored.
 */
export class UnsupportedFeatureError extends Error {
  constructor(readonly features: string[]) {
    super(`the event-time direct runner does not implement ${features.join("; ")}`);
    this.name = "UnsupportedFeatureError";
  }
}
