import type { Messages } from '../en.ts';

const findingsViews = {
  mapTitle: 'Картадағы фактілер',
  timelineTitle: 'Апталар бойынша фактілер',
  reportTitle: 'Кезеңдік есеп',
};

const checked: Messages['findingsViews'] = findingsViews;
export default checked;
