import type { ProtocolState } from '../../../../shared/protocols.ts';
import { CLOSED_PHASES, STATION_PHASES, type StationLive, type StationPhase } from '../../../../shared/reports.ts';
import { SEVERITIES, type Severity } from '../../../../shared/violations.ts';
import { PROTOCOL_COLOURS } from '../../lib/protocol-colours.ts';

/**
 * How a station looks on the map: colour *and* shape, so the map reads in greyscale and for
 * colour-blind people. The legend, the markers and the clusters all take it from here.
 */
export type Shape = 'ring' | 'circle' | 'square' | 'diamond' | 'triangle' | 'cross';

export interface Look {
  /** What the legend calls it (an i18n key). */
  key: string;
  shape: Shape;
  fill: string;
  /** Outline colour; null: the theme's marker outline. */
  stroke: string | null;
  weight: number;
  /** Size relative to an ordinary station. */
  scale: number;
  /** Colour of the open-violation count drawn inside the marker when zoomed in; none: no count. */
  countInk?: string;
}

export const PHASE_COLOURS: Record<StationPhase, string> = {
  no_observer: '#9aa5b1',
  observer_assigned: '#0f4c81',
  on_site: '#1e88e5',
  opened: '#00897b',
  voting: '#2e7d32',
  closed: '#6a1b9a',
  counting: '#8e24aa',
  protocol_received: '#37474f',
  observer_left: '#37474f',
};
export const HELP_COLOUR = '#d32f2f';
export const VIOLATION_COLOUR = '#b71c1c';
export const REFUSED_COLOUR = '#ad1457';
export const SILENT_COLOUR = '#f57c00';

const PHASE_SHAPES: Record<StationPhase, Shape> = {
  no_observer: 'ring',
  observer_assigned: 'circle',
  on_site: 'circle',
  opened: 'circle',
  voting: 'circle',
  closed: 'square',
  counting: 'square',
  protocol_received: 'diamond',
  observer_left: 'diamond',
};

const phaseLook = (phase: StationPhase): Look => ({
  key: `live.phase.${phase}`,
  shape: PHASE_SHAPES[phase],
  fill: PHASE_COLOURS[phase],
  stroke: phase === 'no_observer' ? '#5b6b7c' : null,
  weight: phase === 'no_observer' ? 1.5 : 1,
  scale: 1,
});

export const HELP_LOOK: Look = {
  key: 'live.help',
  shape: 'triangle',
  fill: HELP_COLOUR,
  stroke: '#4a0000',
  weight: 2,
  scale: 2.2,
};
/**
 * A station with open violations is a triangle; its worst severity sets the colour, the outline and
 * the size, so a critical one stands out even in greyscale (the biggest, darkest, thickest edge).
 */
export const VIOLATION_LOOKS: Record<Severity, Look> = {
  critical: {
    key: 'violations.map.legend.critical',
    shape: 'triangle',
    fill: VIOLATION_COLOUR,
    stroke: '#2b0000',
    weight: 2,
    scale: 1.9,
    countInk: '#ffffff',
  },
  serious: {
    key: 'violations.map.legend.serious',
    shape: 'triangle',
    fill: '#e65100',
    stroke: '#4a1a00',
    weight: 1,
    scale: 1.5,
    countInk: '#ffffff',
  },
  minor: {
    key: 'violations.map.legend.minor',
    shape: 'triangle',
    fill: '#fdd835',
    stroke: '#6d5400',
    weight: 1,
    scale: 1.2,
    countInk: '#1d2733',
  },
};
/** The attention list's row look (any severity). */
export const VIOLATION_LOOK: Look = { ...VIOLATION_LOOKS.serious, key: 'live.violations', countInk: undefined };
export const REFUSED_LOOK: Look = {
  key: 'live.refusedEntry',
  shape: 'cross',
  fill: REFUSED_COLOUR,
  stroke: '#3d0020',
  weight: 1,
  scale: 1.8,
};
export const SILENT_LOOK: Look = {
  key: 'live.silent',
  shape: 'circle',
  fill: SILENT_COLOUR,
  stroke: '#5a2a00',
  weight: 3,
  scale: 1.5,
};

/**
 * Once voting has closed, where the station's protocol stands is what HQ watches: its colour
 * (PROTOCOL_COLOURS) replaces the phase's; the shape still says closed or counted. A copy that does
 * not add up, or official figures that differ: bigger, with a dark edge.
 */
const PROTOCOL_EDGE: Partial<Record<ProtocolState, string>> = { flagged: '#4a2500', differs: '#3d0018' };

const protocolLook = (phase: StationPhase, protocol: ProtocolState): Look => ({
  key: `results.state.${protocol}`,
  shape: PHASE_SHAPES[phase],
  fill: PROTOCOL_COLOURS[protocol],
  stroke: PROTOCOL_EDGE[protocol] ?? null,
  weight: PROTOCOL_EDGE[protocol] ? 2 : 1,
  scale: PROTOCOL_EDGE[protocol] ? 1.3 : 1,
});

/** Voting is over at the station, so its marker tells where the protocol stands. */
export const showsProtocol = (state: StationLive): boolean => CLOSED_PHASES.includes(state.phase);

/** The most urgent thing about a station decides its look; otherwise where its day (or protocol) stands. */
export function lookOf(state: StationLive | undefined): Look {
  if (!state) return phaseLook('observer_assigned');
  if (state.helpOpen) return HELP_LOOK;
  if (state.refusedEntry) return REFUSED_LOOK;
  if (state.openViolations > 0) return VIOLATION_LOOKS[state.worstSeverity ?? 'serious'];
  if (state.silent) return SILENT_LOOK;
  // No copy yet: the closed phase's own colour says "waiting for the protocol".
  if (showsProtocol(state) && state.protocol !== 'none') return protocolLook(state.phase, state.protocol);
  return phaseLook(state.phase);
}

/** Legend rows, in the order a coordinator reads them. */
export const LEGEND: Look[] = [
  HELP_LOOK,
  REFUSED_LOOK,
  ...SEVERITIES.map((s) => VIOLATION_LOOKS[s]),
  SILENT_LOOK,
  // "Protocol received" looks the same as "observer left": one row for both.
  ...STATION_PHASES.filter((phase) => phase !== 'protocol_received').map(phaseLook),
];

/** The legend's second part: a closed station's colour once a protocol copy is in. */
export const PROTOCOL_LEGEND: Look[] = (['received', 'flagged', 'verified', 'differs'] as const).map((p) =>
  protocolLook('protocol_received', p),
);

/** Outline of a shape of radius r centred on (x, y), drawn into a canvas path. */
/** The drawing calls a shape needs: a canvas context has them, and so does `PathBuilder`. */
interface PathSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  closePath(): void;
  rect(x: number, y: number, w: number, h: number): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
}

export function tracePath(ctx: PathSink, shape: Shape, x: number, y: number, r: number): void {
  switch (shape) {
    case 'ring':
    case 'circle':
      ctx.arc(x, y, r, 0, Math.PI * 2);
      return;
    case 'square': {
      const h = r * 0.9;
      ctx.rect(x - h, y - h, 2 * h, 2 * h);
      return;
    }
    case 'diamond':
      ctx.moveTo(x, y - r * 1.25);
      ctx.lineTo(x + r * 1.25, y);
      ctx.lineTo(x, y + r * 1.25);
      ctx.lineTo(x - r * 1.25, y);
      ctx.closePath();
      return;
    case 'triangle':
      ctx.moveTo(x, y - r * 1.2);
      ctx.lineTo(x + r * 1.1, y + r * 0.8);
      ctx.lineTo(x - r * 1.1, y + r * 0.8);
      ctx.closePath();
      return;
    case 'cross': {
      // An X: four arms of width w.
      const w = r * 0.38;
      const points: [number, number][] = [
        [0, -w],
        [r - w, -r],
        [r, -r + w],
        [w, 0],
        [r, r - w],
        [r - w, r],
        [0, w],
        [-r + w, r],
        [-r, r - w],
        [-w, 0],
        [-r, -r + w],
        [-r + w, -r],
      ];
      points.forEach(([dx, dy], i) => (i === 0 ? ctx.moveTo(x + dx, y + dy) : ctx.lineTo(x + dx, y + dy)));
      ctx.closePath();
      return;
    }
  }
}

/** A small SVG of a look, for the legend and panel rows. */
export function LookIcon({ look, size = 16 }: { look: Look; size?: number }) {
  const r = size * 0.32;
  const c = size / 2;
  const path = new PathBuilder();
  tracePath(path, look.shape, c, c, r);
  return (
    <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} aria-hidden="true" className="look-icon">
      <path
        d={path.d}
        fill={look.shape === 'ring' ? 'none' : look.fill}
        stroke={look.stroke ?? 'var(--marker-outline)'}
        strokeWidth={Math.min(look.weight, 2)}
      />
    </svg>
  );
}

/** Collects the same drawing calls as a canvas, as SVG path data. */
class PathBuilder implements PathSink {
  d = '';
  moveTo(x: number, y: number) {
    this.d += `M${x.toFixed(2)} ${y.toFixed(2)}`;
  }
  lineTo(x: number, y: number) {
    this.d += `L${x.toFixed(2)} ${y.toFixed(2)}`;
  }
  closePath() {
    this.d += 'Z';
  }
  rect(x: number, y: number, w: number, h: number) {
    this.d += `M${x} ${y}h${w}v${h}h${-w}Z`;
  }
  arc(x: number, y: number, r: number) {
    this.d += `M${x - r} ${y}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;
  }
}
