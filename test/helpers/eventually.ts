/** Re-runs an assertion until it passes or the deadline expires (bounded polling instead of fixed sleeps). */
export async function eventually(assertion: () => Promise<void> | void, timeoutMs = 20_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}
