export { createSystemProperties, type SystemProperties } from './system-properties.js';
