export { checkInstanceId, INSTANCE_ID, isInstanceId, newInstanceId } from './instance-id.js';
export { createInstanceRegistry, INSTANCES_COLLECTION, type InstanceRecord, type InstanceRegistry, type InstanceRegistryOptions } from './instance-registry.js';
export { decideAcquire, liveHolder, type AcquireDecision, type HolderRecord, type LeaseRecord } from './lease-record.js';
export { createLeases, LEASE_HOLDERS_COLLECTION, LEASES_COLLECTION, type Leases, type LeasesOptions } from './leases.js';
export { forwardRequest, HOP_HEADER, signHop, verifyHop, type ForwardOptions, type ForwardOutcome } from './forward-request.js';
export { decideStreamRoute, type StreamFacts, type StreamRoute } from './stream-route.js';
export { createStreamRouting, type StreamRouting, type StreamRoutingOptions } from './stream-routing.js';
