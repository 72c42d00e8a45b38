import { AccumulatorError } from "./accumulator";

/**
 * A composite accumulator's optional part read back from JSON. The part must
 * be in the JSON exactly when the plan asks for it (`planned` is the part a
 * fresh accumulator of that plan has), so a decoded accumulator reports what
 * its plan says.
 */
export function plannedPartFromJson<A>(
  name: string,
  planned: A | undefined,
  json: unknown,
  fromJSON: (json: unknown) => A,
): A | undefined {
  if ((planned === undefined) !== (json === undefined)) {
    throw new AccumulatorError(
      `${name} must be in the JSON exactly when the plan asks for it (it ${planned ? "does" : "does not"})`,
    );
  }
  return json === undefined ? undefined : fromJSON(json);
}
