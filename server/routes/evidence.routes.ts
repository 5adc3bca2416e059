import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// Filled by issue 6 work in progress.
const evidenceRoutes: FastifyPluginAsyncZod = async () => {};
export default evidenceRoutes;
