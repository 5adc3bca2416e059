import type { Messages } from '../en.ts';

const fieldViolation: Messages['fieldViolation'] = {
  title: 'Заң бұзушылықты хабарлау',
};
export default fieldViolation;
