export { isOpen, nextOpening, validateBusinessHours, LOOKAHEAD_DAYS, type BusinessHours, type WeeklyRange } from './business-hours.js';
