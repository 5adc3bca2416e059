import { useEffect, useRef, useState } from 'react';

const RING_EVERY_MS = 2500;
const VIBRATION = [500, 200, 500];

/** Three short rising beeps, made on the spot: no sound file to download or cache. */
function beep(context: AudioContext): void {
  const start = context.currentTime + 0.02;
  [880, 1175, 1568].forEach((frequency, i) => {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'square';
    oscillator.frequency.value = frequency;
    const t = start + i * 0.28;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.4, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.22);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(t);
    oscillator.stop(t + 0.24);
  });
}

/** Chrome refuses (and complains about) vibration before the person has touched the page. */
function vibrate(pattern: number | number[]): void {
  if (typeof navigator.vibrate !== 'function') return;
  if (navigator.userActivation && !navigator.userActivation.hasBeenActive) return;
  navigator.vibrate(pattern);
}

/**
 * Rings while `active`: beeps and vibration every couple of seconds until it is not. Browsers
 * allow sound only after a gesture, so the first tap anywhere starts (or resumes) the audio;
 * `soundOff` says the hint "tap to enable sound" should show.
 */
export function useRinger(active: boolean): { soundOff: boolean } {
  const audio = useRef<AudioContext | null>(null);
  const [state, setState] = useState<AudioContextState | 'none'>('none');

  useEffect(() => {
    const unlock = () => {
      if (typeof AudioContext === 'undefined') return;
      try {
        audio.current ??= new AudioContext();
      } catch {
        return;
      }
      const context = audio.current;
      context.onstatechange = () => setState(context.state);
      if (context.state !== 'running') void context.resume().catch(() => undefined);
      setState(context.state);
    };
    document.addEventListener('pointerdown', unlock, true);
    document.addEventListener('keydown', unlock, true);
    return () => {
      document.removeEventListener('pointerdown', unlock, true);
      document.removeEventListener('keydown', unlock, true);
      const context = audio.current;
      audio.current = null;
      if (context) {
        context.onstatechange = null;
        void context.close().catch(() => undefined);
      }
    };
  }, []);

  useEffect(() => {
    if (!active) return;
    const ring = () => {
      const context = audio.current;
      if (context?.state === 'running') beep(context);
      vibrate(VIBRATION);
    };
    ring();
    const timer = setInterval(ring, RING_EVERY_MS);
    return () => {
      clearInterval(timer);
      vibrate(0);
    };
  }, [active]);

  return { soundOff: state !== 'running' };
}
