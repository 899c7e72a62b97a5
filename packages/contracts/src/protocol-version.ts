/**
 * The version of the wire protocol these contracts describe (message shapes, headers, topology
 * names). The package's major version equals it: `@saga-coordinator/contracts@1.x` speaks
 * protocol 1. A change that an existing participant or coordinator could not read is a new
 * protocol version and a new major; additions that old readers ignore are minors.
 */
export const PROTOCOL_VERSION = 1;
