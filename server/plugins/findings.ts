import fp from 'fastify-plugin';
import { loadBuiltinFindingCategories } from '../../db/queries/finding.queries.ts';
import type { SessionUser } from '../../shared/auth.ts';
import { isVerified, type FindingsChanged, type FindingStatus } from '../../shared/findings.ts';
import { scopeFor } from '../../shared/permissions.ts';

/** A change to push: what the message carries, and the finding's author (who hears of their own). */
export type FindingPush = FindingsChanged['items'][number] & { authorId: number };

/** The push for a stored finding, with the status it has now (or `status` when it is about to change). */
export const findingPush = (
  row: { id: string; region_code: string; status: FindingStatus; author_id: number },
  status = row.status,
): FindingPush => ({ id: row.id, region: row.region_code, status, authorId: row.author_id });

declare module 'fastify' {
  interface FastifyInstance {
    findings: {
      /** After a commit: tell whoever may read these findings to refresh them. */
      publish(changes: readonly FindingPush[]): void;
    };
  }
}

/** The rooms whose members may read a finding with this region and status (findingVisibility). */
function roomsOf(item: FindingPush): string[] {
  const rooms = ['findings', `findings:${item.region}`];
  return isVerified(item.status) ? [...rooms, 'findings:verified', `findings:${item.region}:verified`] : rooms;
}

/**
 * Rooms for findings, as findingVisibility reads them: `findings` (HQ: every one), `findings:verified`
 * (the legal team: every verified one), `findings:<region>` (a region's coordinators: all of it) and
 * `findings:<region>:verified` (its long-term observers: the verified ones); an author hears of their
 * own findings in their personal room `person:<id>` (joined by the auth plugin). The message names
 * only ids, regions and statuses, and each client fetches what it may see.
 */
export default fp(
  async (fastify) => {
    const { io, db } = fastify;
    const added = await loadBuiltinFindingCategories(db);
    if (added > 0) fastify.log.info({ added }, 'finding catalogue: built-in categories loaded');

    io.use((socket, next) => {
      const user = socket.data.user as SessionUser;
      const scope = scopeFor(user.role, 'findings.read');
      if (scope === 'all') void socket.join(user.role === 'legal_consultant' ? 'findings:verified' : 'findings');
      else if (scope === 'regions') void socket.join(user.regions.map((r) => `findings:${r}`));
      else if (scope === 'own') void socket.join(user.regions.map((r) => `findings:${r}:verified`));
      next();
    });

    const publish = (changes: readonly FindingPush[]) => {
      const byRoom = new Map<string, FindingsChanged['items']>();
      for (const change of changes) {
        const item = { id: change.id, region: change.region, status: change.status };
        const rooms = roomsOf(change);
        for (const room of rooms) byRoom.set(room, [...(byRoom.get(room) ?? []), item]);
        // The author, unless a room above told them already (a coordinator logging in their region).
        io.to(`person:${change.authorId}`)
          .except(rooms)
          .emit('findings:changed', { items: [item] });
      }
      for (const [room, items] of byRoom) io.to(room).emit('findings:changed', { items });
    };
    fastify.decorate('findings', { publish });
  },
  { name: 'findings', dependencies: ['db', 'io', 'auth'], fastify: '5.x' },
);
