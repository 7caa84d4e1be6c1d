/** The middle value (the mean of the two middle ones for an even count); NaN for no values. */
export function median(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median with the smallest and largest value, so that a table can show how far the samples spread. */
export function spread(values) {
  const finite = values.filter((value) => Number.isFinite(value));
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite) };
}
