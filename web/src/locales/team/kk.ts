import type { Messages } from '../en.ts';

const team: Messages['team'] = {
  title: 'Мобильді топ',
};

export default team;
