import type { Messages } from '../en.ts';

const fieldProtocol = {
  title: 'Нәтижелер хаттамасы',
};

// Assigning a variable (not a literal) checks every key is there.
const checked: Messages['fieldProtocol'] = fieldProtocol;
export default checked;
