/**
 * gateway/rate-limit: the limiter of ofgate's public endpoints, kept in the Store so it holds
 * across instances. `token-bucket.ts` and `bucket-id.ts` are the pure core; `rate-limiter.ts`
 * puts them in store transactions.
 */
export { createRateLimiter, DEFAULT_SWEEP_EVERY, RATE_LIMIT_COLLECTION, type RateLimiter, type RateLimiterOptions } from './rate-limiter.js';
export { checkLimit, type RateDecision, type RateLimit } from './token-bucket.js';
export { bucketId } from './bucket-id.js';
