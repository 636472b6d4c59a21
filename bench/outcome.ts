/** A benchmark's figures, or the reason it could not be measured (never a made-up number). */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export async function attempt<T>(what: string, run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    const reason = `${what}: ${(err as Error).message}`.split('\n')[0] as string;
    process.stderr.write(`bench: unavailable: ${reason}\n`);
    return { ok: false, reason };
  }
}
