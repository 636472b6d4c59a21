/** The body a benchmark message carries: its sequence number, "m<seq>". */
export function seqBody(seq: number): string {
  return `m${seq}`;
}

/** The sequence number in a body, or undefined for any other message. */
export function parseSeqBody(body: string | null | undefined): number | undefined {
  if (!body || body.charCodeAt(0) !== 109 /* m */) return undefined;
  const n = Number(body.slice(1));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
