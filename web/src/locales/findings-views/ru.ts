import type { Messages } from '../en.ts';

const findingsViews = {
  mapTitle: 'Факты на карте',
  timelineTitle: 'Факты по неделям',
  reportTitle: 'Периодический отчёт',
};

const checked: Messages['findingsViews'] = findingsViews;
export default checked;
