import type { Messages } from '../en.ts';

const violations: Messages['violations'] = {
  title: 'Заң бұзушылықтар',
};
export default violations;
