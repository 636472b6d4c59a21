export { holdWritesForTurn, releaseWrites, type Holdable } from './turn-writes.js';
