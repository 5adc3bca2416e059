import type { Messages } from '../en.ts';

const fieldViolation: Messages['fieldViolation'] = {
  title: 'Сообщить о нарушении',
};
export default fieldViolation;
