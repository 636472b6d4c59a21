export * from './entity-schema.js';
export { entityToJson, entityToXml, type Dialect } from './render-entity.js';
export { parseEntity, parseScalar, xmlTreeToPlain } from './parse-entity.js';
export * from './user-entities.js';
export * from './room-entities.js';
export * from './system-entities.js';
export * from './chat-entities.js';
export * from './workgroup-entities.js';
export * from './fastpath-entities.js';
