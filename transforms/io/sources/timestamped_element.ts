/** One element a source hands the pipeline, with its event time (none: Beam's minimum timestamp). */
export interface TimestampedElement {
  element: unknown;
  timestampMs?: number;
}
