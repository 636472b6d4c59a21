/** SIP account records kept for clients (no telephony). */
export { createSipAccounts, sipAccountInput, SIP_STATUSES, type SipAccount, type SipAccounts } from './sip-accounts.js';
