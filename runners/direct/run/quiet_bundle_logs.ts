let quietRuns = 0;
let originalDebug: typeof console.debug = console.debug;

/**
 * While any run is active, drops the line BundleProcessor.process logs for
 * every bundle ("Processing  for <bundle id>") — a run has thousands of
 * bundles. Other console.debug output passes. Returns the function that ends
 * this run's share; the original console.debug returns with the last run.
 */
export function quietBundleLogs(): () => void {
  if (quietRuns++ === 0) {
    originalDebug = console.debug;
    const passOn = originalDebug;
    console.debug = (...args: unknown[]) => {
      if (args[0] !== "Processing " || args[2] !== "for") passOn(...args);
    };
  }
  return () => {
    if (--quietRuns === 0) console.debug = originalDebug;
  };
}
