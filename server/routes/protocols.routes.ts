import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// Issue 8: filled in by the protocols work (see shared/protocols.ts and shared/results.ts for the contracts).
const protocolsRoutes: FastifyPluginAsyncZod = async () => {};

export default protocolsRoutes;
