import type { Messages } from '../en.ts';

const findings = {
  title: 'Сайлау алдындағы анықталған фактілер',
  tabs: {
    label: 'Фактілер',
    list: 'Тізім',
    map: 'Карта',
    timeline: 'Апталар бойынша',
    report: 'Есеп',
    new: 'Жаңа факт',
  },
};

const checked: Messages['findings'] = findings;
export default checked;
