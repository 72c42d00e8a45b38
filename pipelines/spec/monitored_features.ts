/** Every feature a spec monitors: its features, then its prediction if it has one. */
export function monitoredFeatures<Feature>(spec: {
  features: readonly Feature[];
  prediction?: Feature;
}): Feature[] {
  return spec.prediction === undefined ? [...spec.features] : [...spec.features, spec.prediction];
}
