import type { Messages } from '../en.ts';

const dispatch: Messages['dispatch'] = {
  title: 'Выезды',
};

export default dispatch;
