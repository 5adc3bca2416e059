import fp from 'fastify-plugin';
import type { Socket } from 'socket.io';
import { groupOfMember, loadBoard, loadDispatches } from '../../db/queries/dispatch.queries.ts';
import { findActiveElectionId } from '../../db/queries/election.queries.ts';
import type { SessionUser } from '../../shared/auth.ts';
import type { Dispatch } from '../../shared/dispatch.ts';
import { scopeFor } from '../../shared/permissions.ts';

declare module 'fastify' {
  interface FastifyInstance {
    dispatch: {
      /** After a commit: push these dispatches and these groups' board rows to whoever may see them. */
      publish(dispatchIds: string[], groupIds: number[]): Promise<void>;
      /** Flag dispatches not acknowledged in time, or stuck en route / on scene, as of `now`; each once. */
      checkDispatchTimers(now?: Date): Promise<Dispatch[]>;
      /** Put a team member's socket in their current group's room (and out of any other group's). */
      joinGroupRoom(socket: Socket): Promise<void>;
    };
  }
}

/**
 * Rooms for dispatch: `group:<id>` (the team's phones), `dispatch:hq` (whoever reads every dispatch)
 * and `dispatch:region:<code>` (a region's coordinators). Not the live map's `hq` and `region:`
 * rooms: correspondents and other teams of the region are in those and must not see dispatches.
 */
export default fp(
  async (fastify) => {
    const { io, db, config } = fastify;

    const joinGroupRoom = async (socket: Socket) => {
      const user = socket.data.user as SessionUser;
      const group = await groupOfMember(db, await findActiveElectionId(db), user.id);
      for (const room of socket.rooms)
        if (room.startsWith('group:') && room !== `group:${group}`) await socket.leave(room);
      if (group !== null) await socket.join(`group:${group}`);
    };

    io.use(async (socket, next) => {
      try {
        const user = socket.data.user as SessionUser;
        const scope = scopeFor(user.role, 'dispatch.read');
        if (scope === 'all') await socket.join('dispatch:hq');
        else if (scope === 'regions') await socket.join(user.regions.map((r) => `dispatch:region:${r}`));
        else if (scope === 'own') await joinGroupRoom(socket);
        next();
      } catch (error) {
        next(error instanceof Error ? error : new Error(String(error)));
      }
    });

    const publish = async (dispatchIds: string[], groupIds: number[]) => {
      const dispatches = dispatchIds.length ? await loadDispatches(db, { ids: dispatchIds }) : [];
      const groups = [...new Set([...groupIds, ...dispatches.map((d) => d.group.id)])];
      for (const d of dispatches) {
        const rooms = [`group:${d.group.id}`, 'dispatch:hq', `dispatch:region:${d.region}`];
        if (d.group.region !== d.region) rooms.push(`dispatch:region:${d.group.region}`);
        io.to(rooms).emit('dispatch:changed', d);
      }
      if (groups.length === 0) return;
      const rows = await loadBoard(db, await findActiveElectionId(db), { ids: groups }, new Date());
      for (const row of rows) {
        io.to([`group:${row.group.id}`, 'dispatch:hq', `dispatch:region:${row.group.region}`]).emit('groups:changed', {
          items: [row],
        });
      }
    };

    const checkDispatchTimers = async (now = new Date()) => {
      const ackBefore = new Date(now.getTime() - config.dispatchAckTimeoutSeconds * 1000);
      const stuckBefore = new Date(now.getTime() - config.dispatchStuckMinutes * 60_000);
      const overdue = await db
        .updateTable('dispatches')
        .set({ ack_overdue_at: now })
        .where('status', '=', 'pending')
        .where('ack_overdue_at', 'is', null)
        .where('queued', '=', false)
        .where('activated_at', '<=', ackBefore)
        .returning('id')
        .execute();
      const stuck = await db
        .updateTable('dispatches')
        .set({ stuck_at: now })
        .where('stuck_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'en_route'), eb('en_route_at', '<=', stuckBefore)]),
            eb.and([eb('status', '=', 'on_scene'), eb('on_scene_at', '<=', stuckBefore)]),
          ]),
        )
        .returning('id')
        .execute();
      const ids = [...new Set([...overdue, ...stuck].map((r) => r.id))];
      if (ids.length === 0) return [];
      await publish(ids, []);
      return loadDispatches(db, { ids });
    };
    fastify.decorate('dispatch', { publish, checkDispatchTimers, joinGroupRoom });

    let timer: NodeJS.Timeout | null = null;
    if (config.dispatchCheckSeconds > 0) {
      timer = setInterval(() => {
        checkDispatchTimers().catch((error: unknown) => fastify.log.error({ err: error }, 'dispatch timers failed'));
      }, config.dispatchCheckSeconds * 1000);
      timer.unref();
    }
    fastify.addHook('preClose', async () => {
      if (timer) clearInterval(timer);
    });
  },
  { name: 'dispatch', dependencies: ['config', 'db', 'io', 'auth'], fastify: '5.x' },
);
