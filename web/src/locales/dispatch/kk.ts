import type { Messages } from '../en.ts';

const dispatch: Messages['dispatch'] = {
  title: 'Жіберу',
};

export default dispatch;
