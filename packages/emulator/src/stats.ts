import type { EmulatorStats } from "./types";

/** What the emulator saw, so that a test can prove, for one, that a retried create made one prediction. */
export function createStats(): EmulatorStats {
  const stats: EmulatorStats = {
    predictionsCreated: 0,
    trainingsCreated: 0,
    deploymentsCreated: 0,
    filesCreated: 0,
    requests: [],
    webhookDeliveries: [],
    countByRoute() {
      const counts: Record<string, number> = {};
      for (const request of stats.requests) {
        const key = `${request.method} ${request.route} ${request.status}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return counts;
    },
    reset() {
      stats.predictionsCreated = 0;
      stats.trainingsCreated = 0;
      stats.deploymentsCreated = 0;
      stats.filesCreated = 0;
      // Emptied in place, so a test holding `stats.requests` sees the reset too.
      stats.requests.length = 0;
      stats.webhookDeliveries.length = 0;
    },
  };
  return stats;
}
