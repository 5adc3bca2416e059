import type { Messages } from '../en.ts';

const team: Messages['team'] = {
  title: 'Мобильная группа',
};

export default team;
