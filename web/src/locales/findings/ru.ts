import type { Messages } from '../en.ts';

const findings = {
  title: 'Выявленные факты предвыборного периода',
  tabs: {
    label: 'Факты',
    list: 'Список',
    map: 'Карта',
    timeline: 'По неделям',
    report: 'Отчёт',
    new: 'Новый факт',
  },
};

const checked: Messages['findings'] = findings;
export default checked;
