export { createLogger, redactFields, silentLogger, type Level, type Logger } from './logger.js';
