import { useEffect, useRef } from 'react';
import { ViolationsChanged, type Violation } from '../../../../shared/violations.ts';
import { getSocket } from '../../lib/socket.ts';

/**
 * Violations pushed live (`violations:changed`: HQ and the legal team get all, a coordinator their
 * regions). Pushes missed while the socket was down are not replayed, so `onReconnect` reloads.
 */
export function useViolationsFeed(onItems: (items: Violation[]) => void, onReconnect: () => void): void {
  const handlers = useRef({ onItems, onReconnect });
  useEffect(() => {
    handlers.current = { onItems, onReconnect };
  });

  useEffect(() => {
    const socket = getSocket();
    // Not yet connected: whatever changed between the first load and the connection is reloaded too.
    let wasDown = !socket.connected;
    const onChanged = (message: unknown) => {
      const parsed = ViolationsChanged.safeParse(message);
      if (parsed.success && parsed.data.items.length > 0) handlers.current.onItems(parsed.data.items);
    };
    const onDisconnect = () => {
      wasDown = true;
    };
    const onConnect = () => {
      if (!wasDown) return;
      wasDown = false;
      handlers.current.onReconnect();
    };
    socket.on('violations:changed', onChanged);
    socket.on('disconnect', onDisconnect);
    socket.on('connect', onConnect);
    return () => {
      socket.off('violations:changed', onChanged);
      socket.off('disconnect', onDisconnect);
      socket.off('connect', onConnect);
    };
  }, []);
}
