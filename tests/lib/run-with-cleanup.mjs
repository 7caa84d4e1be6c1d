/**
 * Runs `body`, then `cleanup`, also when the run is interrupted (exit 130), so that no scratch folder
 * or server outlives a check script.
 */
export async function runWithCleanup(cleanup, body) {
  const onSignal = () => cleanup().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return await body();
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await cleanup();
  }
}
