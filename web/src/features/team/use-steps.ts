import { useCallback, useEffect, useRef, useState } from 'react';
import { canMove, Dispatch, type DispatchStatus, type DispatchTransition } from '../../../../shared/dispatch.ts';
import { ApiError, sendJson } from '../../lib/api-client.ts';
import { getSocket } from '../../lib/socket.ts';
import { isTransient } from '../../lib/transient.ts';
import { useOneSender, useRetry } from '../../lib/use-retry.ts';
import { uuid } from '../../lib/uuid.ts';
import { enqueueStep, listSteps, markStepAttempt, removeStep, type StepItem } from './step-outbox.ts';

/** A step the server refused for good (someone else moved the dispatch first): shown, not retried. */
export interface DroppedStep {
  id: string;
  to: DispatchStatus;
  /** 409: another member or HQ moved the dispatch first. */
  conflict: boolean;
  message: string;
}

/** What a failed send means for the step. */
function verdict(error: unknown): 'retry' | 'stop' | 'taken' | 'refused' {
  if (!(error instanceof ApiError)) return 'retry';
  // Signed out (expired or revoked): stop; the steps stay for the member's next session.
  if (error.status === 401) return 'stop';
  // Answered 2xx but not as expected: the server took the step.
  if (error.status >= 200 && error.status < 300) return 'taken';
  return isTransient(error.status) ? 'retry' : 'refused';
}

/**
 * The dispatch steps, sent with `POST /api/dispatches/:id/transition` in the order they were
 * pressed, each with the moment it was pressed. A resend of a step already taken is answered
 * with the dispatch as it is (idempotent); a 409 means another member or HQ moved it first. Only
 * the signed-in member's steps are sent and counted (the phone may have passed between members).
 */
export function useSteps(personId: number, onAnswer: (dispatch: Dispatch) => void) {
  const [items, setItems] = useState<StepItem[]>([]);
  const [dropped, setDropped] = useState<DroppedStep[]>([]);
  const answer = useRef(onAnswer);
  useEffect(() => {
    answer.current = onAnswer;
  }, [onAnswer]);

  const refresh = useCallback(async () => setItems(await listSteps(personId)), [personId]);

  /** One pass over the signed-in member's steps, oldest first; true when the network failed. */
  const pass = useCallback(async (): Promise<boolean> => {
    for (const item of await listSteps(personId)) {
      let dispatch: Dispatch;
      try {
        dispatch = await sendJson('POST', `/api/dispatches/${item.dispatchId}/transition`, Dispatch, item.transition);
      } catch (error) {
        const what = verdict(error);
        if (what === 'stop') return false;
        if (what === 'retry') {
          await markStepAttempt(item);
          return true;
        }
        await removeStep(item.id);
        if (what === 'refused' && error instanceof ApiError) {
          setDropped((list) => [
            ...list,
            { id: item.id, to: item.transition.to, conflict: error.status === 409, message: error.message },
          ]);
        }
        continue;
      }
      await removeStep(item.id);
      answer.current(dispatch);
    }
    return false;
  }, [personId]);
  const { attempt, sending } = useOneSender(pass, refresh);

  const flush = useRetry(attempt, refresh);

  // The socket coming back is as good a sign of a connection as the browser's `online`.
  useEffect(() => {
    const socket = getSocket();
    const onConnect = () => void flush();
    socket.on('connect', onConnect);
    return () => {
      socket.off('connect', onConnect);
    };
  }, [flush]);

  const press = useCallback(
    async (dispatchId: string, step: Omit<DispatchTransition, 'at'>) => {
      await enqueueStep({
        id: uuid(),
        personId,
        dispatchId,
        // The server keeps the moment the button was pressed, even when the step is sent later.
        transition: { ...step, at: new Date().toISOString() },
        createdAt: Date.now(),
        attempts: 0,
      });
      await refresh();
      void flush();
    },
    [personId, refresh, flush],
  );

  const dismiss = useCallback((id: string) => setDropped((list) => list.filter((d) => d.id !== id)), []);

  return { items, waiting: items.length, sending, dropped, press, flush, dismiss };
}

/** The status the phone shows: the server's, moved on by the steps still waiting to be sent. */
export function shownStatus(dispatch: { id: string; status: DispatchStatus }, items: StepItem[]): DispatchStatus {
  let status = dispatch.status;
  for (const item of items) {
    if (item.dispatchId === dispatch.id && canMove(status, item.transition.to)) status = item.transition.to;
  }
  return status;
}
