import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// Issue 9: filled by the findings work in progress.
const routes: FastifyPluginAsyncZod = async () => {};

export default routes;
