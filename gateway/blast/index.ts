/** Message blasts: one user's message to many, with a record of each. */
export { blastInput, createBlastService, type BlastInput, type BlastService, type RecipientResult, type SentBlast } from './blast-service.js';
