/**
 * Binary search: the first index of `sorted` at which `isBefore` turns false,
 * for a predicate that is true on a prefix and false after it (C++'s
 * std::partition_point). Returns `sorted.length` when it never turns false.
 */
export function partitionPoint<T>(sorted: ArrayLike<T>, isBefore: (element: T) => boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isBefore(sorted[middle])) low = middle + 1;
    else high = middle;
  }
  return low;
}
