import type { Messages } from '../en.ts';

const violations: Messages['violations'] = {
  title: 'Нарушения',
};
export default violations;
