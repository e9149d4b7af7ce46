// How finely a run samples its time series, and how many samples a run may take: the loader refuses
// a horizon past the limit at the default interval, and the runner checks the interval it is given.

/** Default time-series sampling interval: one minute. */
export const DEFAULT_SAMPLE_EVERY = 60_000;
/** At most this many time-series samples per cluster. */
export const MAX_SAMPLES = 1_000_000;
