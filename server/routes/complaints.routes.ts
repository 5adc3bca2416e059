import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// Filled by issue 6 work in progress.
const complaintsRoutes: FastifyPluginAsyncZod = async () => {};
export default complaintsRoutes;
