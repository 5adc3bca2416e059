import { useCallback, useEffect, useRef, useState } from 'react';
import { PositionResult, type PositionReport } from '../../../../shared/dispatch.ts';
import { getSocket } from '../../lib/socket.ts';

/** How often the team's position goes to HQ while on duty. */
const SHARE_EVERY_MS = 45_000;
const ACK_TIMEOUT_MS = 10_000;

export type GeoState = 'waiting' | 'ok' | 'denied' | 'unavailable';

/** The last fix, when the phone took it, and whether the watch has failed since. */
interface Fix {
  position: Omit<PositionReport, 'at'>;
  at: number;
  failed: boolean;
}

/**
 * Position sharing, only while on duty: the phone watches its location and sends the latest fix
 * every 45 s (`group:position`) and right away when asked (duty on, a step pressed). Off duty it
 * stops watching and sends nothing.
 */
export function usePosition(onDuty: boolean) {
  const [geo, setGeo] = useState<GeoState>('waiting');
  const [sharedAt, setSharedAt] = useState<string | null>(null);
  const latest = useRef<Fix | null>(null);
  // The stamp of the last report the server took, so a failed watch does not resend the same old fix.
  const lastShared = useRef<string | null>(null);
  // Asked to send before the first fix arrived: the first fix goes out at once.
  const wanted = useRef(false);
  const duty = useRef(onDuty);

  const send = useCallback(() => {
    if (!duty.current) return;
    const fix = latest.current;
    if (!fix) {
      wanted.current = true;
      return;
    }
    wanted.current = false;
    const socket = getSocket();
    // Not buffered while disconnected: a stale position would only mislead HQ; the next tick sends a fresh one.
    if (!socket.connected) return;
    // While the watch is healthy `at` is the sending moment: watchPosition stays silent while the
    // phone stands still, and the team is still where it last was. Once it has failed (indoors, a
    // timeout) nobody knows where the team is now: the fix goes with its own time, so HQ sees it age.
    const at = new Date(fix.failed ? fix.at : Date.now()).toISOString();
    if (fix.failed && at === lastShared.current) return;
    const report: PositionReport = { ...fix.position, at };
    socket.timeout(ACK_TIMEOUT_MS).emit('group:position', report, (error: Error | null, answer: unknown) => {
      const parsed = PositionResult.safeParse(answer);
      if (error || !parsed.success || !parsed.data.ok) return;
      lastShared.current = at;
      setSharedAt(parsed.data.data.at);
    });
  }, []);

  useEffect(() => {
    duty.current = onDuty;
    if (!onDuty) {
      latest.current = null;
      wanted.current = false;
      return;
    }
    if (!('geolocation' in navigator)) {
      const timer = setTimeout(() => setGeo('unavailable'));
      return () => clearTimeout(timer);
    }
    wanted.current = true;
    const watch = navigator.geolocation.watchPosition(
      (fix) => {
        latest.current = {
          position: {
            lat: fix.coords.latitude,
            lng: fix.coords.longitude,
            ...(Number.isFinite(fix.coords.accuracy) ? { accuracy: Math.min(fix.coords.accuracy, 100_000) } : {}),
          },
          // The phone's own moment of the fix (a cached one may be up to `maximumAge` old), never ahead of now.
          at: Math.min(Number.isFinite(fix.timestamp) ? fix.timestamp : Date.now(), Date.now()),
          failed: false,
        };
        setGeo('ok');
        if (wanted.current) send();
      },
      (error) => {
        if (latest.current) latest.current = { ...latest.current, failed: true };
        setGeo(error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable');
      },
      { enableHighAccuracy: true, maximumAge: 30_000, timeout: 60_000 },
    );
    const timer = setInterval(send, SHARE_EVERY_MS);
    const socket = getSocket();
    socket.on('connect', send);
    return () => {
      navigator.geolocation.clearWatch(watch);
      clearInterval(timer);
      socket.off('connect', send);
    };
  }, [onDuty, send]);

  return { geo, sharedAt, shareNow: send };
}
