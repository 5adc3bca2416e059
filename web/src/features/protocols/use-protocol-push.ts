import { useEffect, useRef } from 'react';
import { z } from 'zod';
import { StationLive } from '../../../../shared/reports.ts';
import { getSocket } from '../../lib/socket.ts';

/** At most one reload per this many ms while changes stream in on counting night. */
const RELOAD_EVERY_MS = 2000;

const Changed = z.object({ items: z.array(StationLive) });

/**
 * Calls `reload` (throttled, trailing) when `stations:changed` carries a station `relevant` picks,
 * and after a reconnect (pushes missed while the socket was down are not replayed). A push carries
 * the protocol state but not the double-entry status, so pages ask the API again rather than patch.
 */
export function useProtocolPush(relevant: (items: StationLive[]) => boolean, reload: () => void): void {
  const handlers = useRef({ relevant, reload });
  useEffect(() => {
    handlers.current = { relevant, reload };
  });

  useEffect(() => {
    const socket = getSocket();
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    let wasDown = !socket.connected;
    const schedule = () => {
      if (timer) return;
      timer = setTimeout(
        () => {
          timer = null;
          last = Date.now();
          handlers.current.reload();
        },
        Math.max(0, last + RELOAD_EVERY_MS - Date.now()),
      );
    };
    const onChanged = (message: unknown) => {
      const parsed = Changed.safeParse(message);
      if (parsed.success && handlers.current.relevant(parsed.data.items)) schedule();
    };
    const onDisconnect = () => {
      wasDown = true;
    };
    const onConnect = () => {
      if (!wasDown) return;
      wasDown = false;
      schedule();
    };
    socket.on('stations:changed', onChanged);
    socket.on('disconnect', onDisconnect);
    socket.on('connect', onConnect);
    return () => {
      if (timer) clearTimeout(timer);
      socket.off('stations:changed', onChanged);
      socket.off('disconnect', onDisconnect);
      socket.off('connect', onConnect);
    };
  }, []);
}
