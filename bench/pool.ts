/** Runs fn(0..total-1) with at most `concurrency` calls in flight; collects per-call errors. */
export async function runPool(concurrency: number, total: number, fn: (i: number) => Promise<void>): Promise<{ errors: number; firstError?: string }> {
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      try {
        await fn(i);
      } catch (err) {
        errors++;
        firstError ??= (err as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return firstError === undefined ? { errors } : { errors, firstError };
}
