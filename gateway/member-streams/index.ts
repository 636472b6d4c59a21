/** Streams opened as a member for one job (no password: admin-issued token). */
export { createBriefStreams, type BriefStreamOptions, type BriefStreams } from './brief-stream.js';
