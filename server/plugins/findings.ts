import fp from 'fastify-plugin';
import { loadBuiltinFindingCategories } from '../../db/queries/finding.queries.ts';
import type { SessionUser } from '../../shared/auth.ts';
import type { FindingsChanged } from '../../shared/findings.ts';
import { scopeFor } from '../../shared/permissions.ts';

declare module 'fastify' {
  interface FastifyInstance {
    findings: {
      /** After a commit: tell whoever may read these findings' regions to refresh them. */
      publish(changes: FindingsChanged['items']): void;
    };
  }
}

/**
 * Rooms for findings: `findings` (whoever reads every region's: HQ, the legal team) and
 * `findings:<region>` (a region's coordinators and long-term observers). The message names only
 * ids and regions; each client fetches what it may see, so nothing unreviewed leaks through it.
 */
export default fp(
  async (fastify) => {
    const { io, db } = fastify;
    const added = await loadBuiltinFindingCategories(db);
    if (added > 0) fastify.log.info({ added }, 'finding catalogue: built-in categories loaded');

    io.use((socket, next) => {
      const user = socket.data.user as SessionUser;
      const scope = scopeFor(user.role, 'findings.read');
      if (scope === 'all') void socket.join('findings');
      else if (scope !== null) void socket.join(user.regions.map((r) => `findings:${r}`));
      next();
    });

    const publish = (items: FindingsChanged['items']) => {
      if (items.length === 0) return;
      io.to('findings').emit('findings:changed', { items });
      const regions = new Set(items.map((i) => i.region));
      for (const region of regions)
        io.to(`findings:${region}`).emit('findings:changed', { items: items.filter((i) => i.region === region) });
    };
    fastify.decorate('findings', { publish });
  },
  { name: 'findings', dependencies: ['db', 'io', 'auth'], fastify: '5.x' },
);
