/** At most this many points per series on a chart; more would make the page slow to draw and to hover. */
export const MAX_POINTS_PER_SERIES = 400;

/**
 * Splits items (in time order) into consecutive groups of equal size so that
 * there are at most `maxGroups` groups; each group becomes one plotted point.
 * Returns the groups and how many items one point stands for (1: no downsampling).
 */
export function groupConsecutive<T>(
  items: readonly T[],
  maxGroups = MAX_POINTS_PER_SERIES,
): { groups: T[][]; perPoint: number } {
  const perPoint = Math.max(1, Math.ceil(items.length / maxGroups));
  const groups: T[][] = [];
  for (let start = 0; start < items.length; start += perPoint)
    groups.push(items.slice(start, start + perPoint));
  return { groups, perPoint };
}

/** The largest finite value, or null when there is none (a gap on the chart). */
export function maxOrNull(values: readonly (number | null)[]): number | null {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return finite.length === 0 ? null : Math.max(...finite);
}

export function minOrNull(values: readonly (number | null)[]): number | null {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return finite.length === 0 ? null : Math.min(...finite);
}

export function meanOrNull(values: readonly (number | null)[]): number | null {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return finite.length === 0 ? null : finite.reduce((sum, v) => sum + v, 0) / finite.length;
}
