/** The activity's own message for status and logs (an ActivityFailure itself only says "activity task failed"). */
export function failureMessage(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string } };
  return e.cause?.message ?? e.message ?? String(err);
}
