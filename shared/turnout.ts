/** Own count and the chair's figure disagree by more than 5 % and more than 20 voters. */
export function turnoutDiscrepancy(chairFigure: number, ownCount: number | null): boolean {
  if (ownCount === null) return false;
  const diff = Math.abs(chairFigure - ownCount);
  return diff > 20 && diff > 0.05 * Math.max(chairFigure, ownCount);
}
