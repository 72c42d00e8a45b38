/**
 * Training data or a reference baseline that cannot give a profile: a spec
 * feature with no column, a file in which every row is bad, a numerical
 * feature without a single finite value. The message names the file (and the
 * line or feature) and what to change. Not retriable: the same input fails
 * the same way.
 */
export class BaselineDataError extends Error {
  readonly retriable = false;
  constructor(message: string) {
    super(message);
    this.name = "BaselineDataError";
  }
}
