import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// Issue 8: filled in by the results work (see shared/protocols.ts and shared/results.ts for the contracts).
const resultsRoutes: FastifyPluginAsyncZod = async () => {};

export default resultsRoutes;
