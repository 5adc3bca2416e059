import type { ProtocolState } from '../../../shared/protocols.ts';

/**
 * Where a station's results protocol stands, in one colour each: the live map's markers of closed
 * stations and the results page's coverage layer use the same five.
 */
export const PROTOCOL_COLOURS: Record<ProtocolState, string> = {
  none: '#9aa5b1',
  received: '#039be5',
  flagged: '#ff8f00',
  verified: '#558b2f',
  differs: '#c2185b',
};
