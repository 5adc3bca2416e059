import fp from 'fastify-plugin';
import { loadBuiltinCategories } from '../../db/queries/violation-category.queries.ts';
import { loadViolations } from '../../db/queries/violation.queries.ts';
import type { SessionUser } from '../../shared/auth.ts';
import { scopeFor } from '../../shared/permissions.ts';
import type { ViolationsChanged } from '../../shared/violations.ts';

declare module 'fastify' {
  interface FastifyInstance {
    violations: {
      /** After a commit: push these violations' current state to everyone who may see them. */
      publish(ids: string[]): Promise<void>;
    };
  }
}

/**
 * Rooms for violations: `violations` (whoever may read every violation: HQ, the legal team),
 * `violations:<region>` (a region's coordinators) and `station:<id>` (the station's own observer,
 * already joined by the live plugin). A correspondent, who sees the map, gets none of them.
 */
export default fp(
  async (fastify) => {
    const { io, db } = fastify;
    const added = await loadBuiltinCategories(db);
    if (added > 0) fastify.log.info({ added }, 'violation catalogue: built-in grounds loaded');

    io.use((socket, next) => {
      const user = socket.data.user as SessionUser;
      const scope = scopeFor(user.role, 'violations.read');
      if (scope === 'all') void socket.join('violations');
      else if (scope === 'regions') void socket.join(user.regions.map((r) => `violations:${r}`));
      next();
    });

    const publish = async (ids: string[]) => {
      if (ids.length === 0) return;
      const items = await loadViolations(db, ids);
      if (items.length === 0) return;
      const message = (list: typeof items): ViolationsChanged => ({ items: list });
      io.to('violations').emit('violations:changed', message(items));
      const byRegion = new Map<string, typeof items>();
      const byStation = new Map<number, typeof items>();
      for (const v of items) {
        byRegion.set(v.station.region, [...(byRegion.get(v.station.region) ?? []), v]);
        byStation.set(v.station.id, [...(byStation.get(v.station.id) ?? []), v]);
      }
      for (const [region, list] of byRegion) io.to(`violations:${region}`).emit('violations:changed', message(list));
      for (const [stationId, list] of byStation)
        io.to(`station:${stationId}`).emit('violations:changed', message(list));
    };
    fastify.decorate('violations', { publish });
  },
  { name: 'violations', dependencies: ['db', 'io', 'auth', 'live'], fastify: '5.x' },
);
