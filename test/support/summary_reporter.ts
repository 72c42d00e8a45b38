import * as Mocha from "mocha";

/**
 * Mocha's spec reporter plus one closing line in the plain form CI reads,
 * "N passed, N failed" (mocha's own "N passing" is not recognised there).
 */
class SpecWithSummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const stats = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      console.log(`tests: ${stats.passes} passed, ${stats.failures} failed, ${stats.pending} skipped`);
    });
  }
}

export = SpecWithSummaryReporter;
