/** Where a stream's bytes go: an HTTP response in production, a memory sink in tests. */
export interface EventSink {
  /** Same contract as Node's writable.write: false = buffer full, wait for drain. */
  write(chunk: string): boolean;
  /** Called (every time) the sink has flushed its buffer after a write returned false. */
  onDrain(cb: () => void): void;
  /** Ends the stream; the hub calls it at most once. */
  close(): void;
}

export interface Subscription {
  /** Stops delivery to this stream (idempotent); does not close the sink. */
  close(): void;
}
