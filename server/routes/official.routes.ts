import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// Issue 8: filled in by the official work (see shared/protocols.ts and shared/results.ts for the contracts).
const officialRoutes: FastifyPluginAsyncZod = async () => {};

export default officialRoutes;
